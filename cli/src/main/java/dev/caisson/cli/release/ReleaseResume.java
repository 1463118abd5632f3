package dev.caisson.cli.release;

import dev.caisson.cli.DebugOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(addMethodSubcommands = false, name = "resume", description = "Resume a paused or halted rollout.")
final class ReleaseResume implements Callable<Integer> {
  @Mixin DebugOption debug;

  // not mixinStandardHelpOptions: its -V/--version would clash with the release's --version
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;
  @ParentCommand ReleaseCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @ArgGroup(exclusive = false, multiplicity = "1") Target target;


  @Override
  public Integer call() throws Exception {
    var client = parent.client();
    var body = target.body(client);
    client.post("releases/resume", body);
    spec.commandLine().getOut().println("resume: " + target.stream + " " + target.version);
    return 0;
  }
}
