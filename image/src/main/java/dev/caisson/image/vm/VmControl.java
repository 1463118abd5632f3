package dev.caisson.image.vm;

import dev.caisson.image.ImageException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts a VM's supervisor in the background and stops it: {@code vm stop} asks QEMU to quit over
 * QMP, then sends SIGTERM (and finally SIGKILL) to whatever still runs.
 */
public final class VmControl {
  private final Path base;

  /** @param base the directory holding one state directory per VM ({@link VmDir#base}) */
  public VmControl(Path base) {
    this.base = base;
  }

  public VmDir dir(String name) {
    return new VmDir(base.resolve(name));
  }

  /** The VMs with a state directory, by name. */
  public List<VmDir> list() throws IOException {
    var out = new ArrayList<VmDir>();
    if (!Files.isDirectory(base)) {
      return out;
    }
    try (var s = Files.list(base)) {
      for (Path p : s.sorted().toList()) {
        if (Files.isRegularFile(p.resolve("vm.properties"))) {
          out.add(new VmDir(p));
        }
      }
    }
    return out;
  }

  /**
   * Prepares the state directory and starts {@code supervisorCommand} (which runs
   * {@link VmSupervisor#run}) detached from this process, in its own session.
   */
  public VmDir start(VmSpec spec, List<String> extraKargs, List<String> supervisorCommand) throws IOException {
    VmDir dir = dir(spec.name());
    if (dir.running()) {
      throw new ImageException("VM " + spec.name() + " is already running; stop it first: caisson vm stop --name "
          + spec.name());
    }
    Files.createDirectories(dir.root());
    for (Path p : List.of(dir.stopRequest(), dir.serialLog(), dir.boots(), dir.supervisorLog(), dir.qemuPid(),
        dir.qmp(), dir.vars())) {
      Files.deleteIfExists(p);
    }
    Files.createFile(dir.serialLog());
    SpecFile.write(spec, dir.spec(), extraKargs);
    var cmd = new ArrayList<String>();
    cmd.add("setsid");
    cmd.addAll(supervisorCommand);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.supervisorLog().toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    // setsid runs in the same process (a child of ours is no group leader), so this is the supervisor
    dir.writePid(dir.supervisorPid(), p.pid());
    return dir;
  }

  /** Stops the VM; returns false when it was not running. */
  public boolean stop(VmDir dir, Duration grace) throws IOException, InterruptedException {
    boolean was = dir.running();
    Files.writeString(dir.stopRequest(), "stop\n");
    // a hung QEMU may never answer; the signals below take over after a few seconds
    var qmp = java.util.concurrent.CompletableFuture.runAsync(() -> quitOverQmp(dir.qmp()));
    try {
      qmp.get(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      qmp.cancel(true);
    }
    for (Path pidFile : List.of(dir.qemuPid(), dir.supervisorPid())) {
      Optional<ProcessHandle> p = dir.readPid(pidFile).flatMap(ProcessHandle::of);
      if (p.isEmpty()) {
        continue;
      }
      if (!waitExit(p.get(), grace)) {
        p.get().destroy();
        if (!waitExit(p.get(), grace)) {
          p.get().destroyForcibly();
          waitExit(p.get(), grace);
        }
      }
    }
    Files.deleteIfExists(dir.qemuPid());
    Files.deleteIfExists(dir.supervisorPid());
    Files.deleteIfExists(dir.qmp());
    return was;
  }

  private static boolean waitExit(ProcessHandle p, Duration d) throws InterruptedException {
    long end = System.nanoTime() + d.toNanos();
    while (p.isAlive() && System.nanoTime() < end) {
      Thread.sleep(100);
    }
    return !p.isAlive();
  }

  /** QMP: read the greeting, negotiate capabilities, then {@code quit}. Best effort. */
  static void quitOverQmp(Path socket) {
    if (!Files.exists(socket)) {
      return;
    }
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      readSome(ch);
      ch.write(ByteBuffer.wrap("{\"execute\":\"qmp_capabilities\"}\n".getBytes(StandardCharsets.US_ASCII)));
      readSome(ch);
      ch.write(ByteBuffer.wrap("{\"execute\":\"quit\"}\n".getBytes(StandardCharsets.US_ASCII)));
      readSome(ch);
    } catch (IOException e) {
      // QEMU is gone or not answering: the signals below take over
    }
  }

  private static void readSome(SocketChannel ch) throws IOException {
    ch.read(ByteBuffer.allocate(4096));
  }
}
