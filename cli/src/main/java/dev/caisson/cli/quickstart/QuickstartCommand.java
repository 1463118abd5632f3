package dev.caisson.cli.quickstart;

import dev.caisson.cli.UserException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code caisson quickstart}: the OS composed and built into a disk image (both cached), {@code caisson server}
 * with the composed commit as its first release, and a VM booted from examples/quickstart.bu whose web server
 * container answers on the host; then it returns and leaves both running until {@code --down}.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true, addMethodSubcommands = false,
    description = "Compose the OS, build its image, start caisson server and boot a VM running a web server "
        + "container (examples/quickstart.bu); --down stops them.")
public final class QuickstartCommand implements Callable<Integer> {
  static final int SERVER_PORT = 8765; // examples/quickstart.bu points the agent at 10.0.2.2:8765
  static final int WEB_PORT = 8780;
  static final String VM = "quickstart";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--down", description = "Stop the quick start's VM and server.")
  boolean down;

  @Option(names = "--state", paramLabel = "DIR", description = "State directory (default ~/.cache/caisson/quickstart).")
  Path state;

  @Option(names = "--uefi", description = "Boot with OVMF and systemd-boot (default: direct kernel boot, faster "
      + "under software emulation).")
  boolean uefi;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    Path dir = state != null ? state : Path.of(System.getProperty("user.home"), ".cache/caisson/quickstart");
    Path project = projectRoot();
    String vmEnv = System.getenv("CAISSON_VM_DIR");
    Path vmBase = vmEnv != null && !vmEnv.isEmpty() ? Path.of(vmEnv)
        : dev.caisson.image.vm.VmDir.base(Path.of(System.getProperty("user.home")));
    var lab = new Lab(project, dir.toAbsolutePath(), vmBase.toAbsolutePath(), SERVER_PORT, VM, (step, message, s) -> {
      err.println(String.format("[%6.1fs] %-8s %s", s, step, message));
      err.flush();
    });
    if (down) {
      boolean vm = Files.exists(lab.vmBase().resolve(VM).resolve("qemu.pid"))
          || Files.exists(lab.vmBase().resolve(VM).resolve("supervisor.pid"));
      if (vm) {
        lab.stopVm();
      }
      boolean server = lab.stopServer();
      out.println("quickstart: " + (vm ? "VM stopped" : "no VM running") + ", "
          + (server ? "server stopped" : "no server running"));
      return 0;
    }
    if (Files.isRegularFile(lab.state().resolve("server.pid"))
        && Lab.get(lab.serverUrl() + "metrics").isPresent()) {
      throw new UserException("the quick start is running already (" + lab.serverUrl() + "); stop it with: "
          + "bin/caisson quickstart --down");
    }
    var commit = lab.compose(project.resolve("os/caisson.yaml"), "2026.12.0");
    Path pristine = lab.image(commit);
    Path disk = lab.copyImage(pristine, "disk.img");
    lab.startServer(Map.of("enabled", true, "failed_nodes", 1));
    lab.publish(commit);
    var ign = Lab.transpile(project.resolve("examples/quickstart.bu"));
    Lab.addSshKey(ign, "core", lab.publicKey());
    Path config = lab.writeConfig(ign, "quickstart.ign");
    var r = lab.runVm(disk, config, List.of(WEB_PORT + ":8080"), !uefi, 600);
    if (r.code() != 0) {
      err.println("quickstart: the VM did not come up; the server keeps running (bin/caisson quickstart --down)");
      return 1;
    }
    String web = "http://127.0.0.1:" + WEB_PORT + "/";
    lab.say("web", "waiting for the container on " + web);
    lab.awaitHttp(web, Duration.ofSeconds(300));
    lab.say("web", "answered");
    out.println("container:  " + web);
    out.println("dashboard:  " + lab.serverUrl());
    out.println("ssh:        bin/caisson vm ssh --name " + VM + " -i " + lab.sshKey());
    out.println("stop both:  bin/caisson quickstart --down");
    return 0;
  }

  /** The checkout holding os/caisson.yaml: the working directory or one of its parents, else the jar's project. */
  private static Path projectRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("os/caisson.yaml")) && Files.isRegularFile(p.resolve("examples/quickstart.bu"))) {
        return p;
      }
    }
    try {
      Path jar = Path.of(QuickstartCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path p = jar; p != null; p = p.getParent()) {
        if (Files.isRegularFile(p.resolve("os/caisson.yaml"))) {
          return p;
        }
      }
    } catch (Exception e) {
      // fall through
    }
    throw new UserException("run the quick start from the Caisson checkout (no os/caisson.yaml found)");
  }
}
