package dev.caisson.cli.vm;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code caisson vm stop}: QMP quit, then SIGTERM, then cleanup. */
@Command(addMethodSubcommands = false, name = "stop", mixinStandardHelpOptions = true, description = "Stop a VM.")
final class VmStop implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Option(names = "--name", defaultValue = "caisson", description = "The VM (default ${DEFAULT-VALUE}).") String name;

  @Override
  public Integer call() throws Exception {
    var control = VmCommand.control();
    boolean was = control.stop(control.dir(name), Duration.ofSeconds(10));
    spec.commandLine().getOut().println("vm " + name + (was ? ": stopped" : ": was not running"));
    return 0;
  }
}
