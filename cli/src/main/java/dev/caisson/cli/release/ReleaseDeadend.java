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
    name = "deadend", description = "Mark a release a dead end (no update from it), or --clear the mark.")
final class ReleaseDeadend implements Callable<Integer> {
  @Mixin DebugOption debug;

  // not mixinStandardHelpOptions: its -V/--version would clash with the release's --version
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;
  @ParentCommand ReleaseCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @ArgGroup(exclusive = false, multiplicity = "1") Target target;

  @Option(names = "--reason", paramLabel = "URL", description = "Why, usually a URL.") String reason;

  @Option(names = "--clear", description = "Remove the mark.") boolean clear;

  @Override
  public Integer call() throws Exception {
    var client = parent.client();
    target.mark(client, "deadend", reason, client.json().createObjectNode().put("clear", clear),
        spec.commandLine().getOut());
    return 0;
  }
}
