package dev.caisson.cli.vm;

import dev.caisson.image.Tools;
import dev.caisson.image.vm.Accel;
import dev.caisson.image.vm.VmSupervisor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The background half of {@code vm run}: one QEMU per boot until the guest powers off or {@code vm stop}. */
@Command(addMethodSubcommands = false,
    name = "supervise", hidden = true, description = "Run a VM's boots (started by vm run).")
final class VmSupervise implements Callable<Integer> {
  @Option(names = "--name", required = true) String name;

  @Override
  public Integer call() throws Exception {
    return new VmSupervisor(new Tools(), Accel.detect(Path.of("/dev/kvm")), Path.of("/usr/share/OVMF"))
        .run(VmCommand.control().dir(name));
  }

  /** This JVM's command line, running the supervise verb for {@code name}. */
  static List<String> command(String name) {
    var cmd = new ArrayList<String>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.caisson.cli.Main");
    cmd.addAll(List.of("vm", "supervise", "--name", name));
    return cmd;
  }
}
