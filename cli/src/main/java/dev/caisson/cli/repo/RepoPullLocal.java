package dev.caisson.cli.repo;

import dev.caisson.cli.DebugOption;
import dev.caisson.store.Repo;
import dev.caisson.store.transport.LocalPull;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code caisson repo pull-local SRC [REF...]}: copy commits from a repository on this machine. */
@Command(addMethodSubcommands = false, name = "pull-local", mixinStandardHelpOptions = true,
    description = "Copy refs or commits (and all they need) from another repository on this machine, verified.")
final class RepoPullLocal implements Callable<Integer> {
  @Mixin DebugOption debug;
  @ParentCommand RepoCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SRC") Path source;
  @Parameters(index = "1..*", paramLabel = "REF", description = "Refs or commits (default: every ref of SRC).")
  List<String> refs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Repo into = parent.open();
    Repo from = Repo.open(source);
    var names = refs.isEmpty() ? new ArrayList<>(from.refs().keySet()) : refs;
    var pull = new LocalPull(from, into, new ProgressBar(spec.commandLine().getErr()));
    for (String r : names) {
      spec.commandLine().getOut().println(r + " " + pull.pull(r).name());
    }
    return 0;
  }
}
