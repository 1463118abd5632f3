package dev.caisson.cli.repo;

import dev.caisson.cli.DebugOption;
import dev.caisson.store.Repo;
import dev.caisson.store.TreeDiff;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code caisson repo diff FROM TO}: what changed between two commits, as ostree diff prints it. */
@Command(addMethodSubcommands = false, name = "diff", mixinStandardHelpOptions = true,
    description = "List the paths modified (M), removed (D) and added (A) between two commits.")
final class RepoDiff implements Callable<Integer> {
  @Mixin DebugOption debug;
  @ParentCommand RepoCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FROM") String from;
  @Parameters(index = "1", paramLabel = "TO") String to;

  @Override
  public Integer call() throws Exception {
    Repo repo = parent.open();
    var out = spec.commandLine().getOut();
    TreeDiff.between(repo, repo.resolve(from), repo.resolve(to)).forEach(out::println);
    return 0;
  }
}
