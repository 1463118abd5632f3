package dev.caisson.cli.vm;

import dev.caisson.image.vm.SpecFile;
import dev.caisson.image.vm.VmDir;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code caisson vm list}. */
@Command(addMethodSubcommands = false,
    name = "list", mixinStandardHelpOptions = true, description = "List the VMs and whether they run.")
final class VmList implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    out.println(String.format("%-16s %-8s %-7s %-6s %s", "NAME", "STATE", "BOOT", "SSH", "DISK"));
    for (VmDir d : VmCommand.control().list()) {
      var s = SpecFile.read(d.spec());
      out.println(String.format("%-16s %-8s %-7s %-6d %s", d.name(), d.running() ? "running" : "stopped",
          s.boot().name().toLowerCase(), s.sshPort(), s.disk()));
    }
    return 0;
  }
}
