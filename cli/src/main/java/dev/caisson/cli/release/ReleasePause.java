package dev.caisson.cli.release;

import dev.caisson.cli.DebugOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(addMethodSubcommands = false,
    name = "pause", description = "Halt a rollout: no node gets an edge to the release until it is resumed.")
final class ReleasePause implements Callable<Integer> {
  @Mixin DebugOption debug;

  // not mixinStandardHelpOptions: its -V/--version would clash with the release's --version
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;
  @ParentCommand ReleaseCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @ArgGroup(exclusive = false, multiplicity = "1") Target target;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why (shown in the dashboard).") String reason;

  @Override
  public Integer call() throws Exception {
    var client = parent.client();
    target.mark(client, "pause", reason, client.json().createObjectNode(), spec.commandLine().getOut());
    return 0;
  }
}
