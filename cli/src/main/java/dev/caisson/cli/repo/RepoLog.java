package dev.caisson.cli.repo;

import dev.caisson.cli.DebugOption;
import dev.caisson.store.Commit;
import dev.caisson.store.ObjectId;
import dev.caisson.store.ObjectType;
import dev.caisson.store.Repo;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(addMethodSubcommands = false,
    name = "log", description = "Show a ref's history.", mixinStandardHelpOptions = true)
final class RepoLog implements Callable<Integer> {
  @Mixin DebugOption debug;
  @ParentCommand RepoCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Parameters(paramLabel = "REF") String ref;

  @Override
  public Integer call() throws Exception {
    Repo repo = parent.open();
    Optional<ObjectId> next = Optional.of(repo.resolve(ref));
    while (next.isPresent()) {
      if (!repo.has(next.get(), ObjectType.COMMIT)) {
        spec.commandLine().getOut().println("<< History beyond this commit not fetched >>");
        break;
      }
      Commit c = Commit.read(repo, next.get());
      RepoShow.print(c, spec.commandLine().getOut());
      next = c.parent();
    }
    return 0;
  }
}
