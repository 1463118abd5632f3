package dev.caisson.image.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A VM's state directory, {@code ~/.cache/caisson/vm/NAME}: what runs, on which ports, and its console. */
public record VmDir(Path root) {
  /** The directory that holds one directory per VM. */
  public static Path base(Path home) {
    return home.resolve(".cache/caisson/vm");
  }

  public String name() {
    return root.getFileName().toString();
  }

  public Path spec() {
    return root.resolve("vm.properties");
  }

  /** The supervisor's process id (it outlives one QEMU when the guest reboots under direct boot). */
  public Path supervisorPid() {
    return root.resolve("supervisor.pid");
  }

  public Path qemuPid() {
    return root.resolve("qemu.pid");
  }

  public Path qmp() {
    return root.resolve("qmp.sock");
  }

  /** Every boot's console, appended. */
  public Path serialLog() {
    return root.resolve("serial.log");
  }

  public Path supervisorLog() {
    return root.resolve("supervisor.log");
  }

  public Path vars() {
    return root.resolve("OVMF_VARS.fd");
  }

  public Path kernel() {
    return root.resolve("vmlinuz");
  }

  public Path initrd() {
    return root.resolve("initrd.img");
  }

  /** Written by {@code vm stop}: the supervisor then starts no further boot. */
  public Path stopRequest() {
    return root.resolve("stop");
  }

  /** One line per boot: which entry it booted, for tests and {@code vm list}. */
  public Path boots() {
    return root.resolve("boots.log");
  }

  /**
   * Writes a pid file whole (a temp file renamed over it): {@link #running} may read it at any moment,
   * and a file seen truncated would read as "not running".
   */
  public void writePid(Path file, long pid) throws java.io.IOException {
    Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    Files.writeString(tmp, pid + "\n");
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  public Optional<Long> readPid(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether the supervisor (or, without one, QEMU) is alive. */
  public boolean running() {
    for (Path p : new Path[] {supervisorPid(), qemuPid()}) {
      Optional<Long> pid = readPid(p);
      if (pid.isPresent() && ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false)) {
        return true;
      }
    }
    return false;
  }
}
