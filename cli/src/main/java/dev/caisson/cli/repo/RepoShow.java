package dev.caisson.cli.repo;

import dev.caisson.cli.DebugOption;
import dev.caisson.store.Commit;
import dev.caisson.store.Repo;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(addMethodSubcommands = false, name = "show", description = "Show a commit.", mixinStandardHelpOptions = true)
final class RepoShow implements Callable<Integer> {
  @Mixin DebugOption debug;
  @ParentCommand RepoCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Parameters(paramLabel = "COMMIT") String commit;

  @Override
  public Integer call() throws Exception {
    Repo repo = parent.open();
    print(Commit.read(repo, repo.resolve(commit)), spec.commandLine().getOut());
    return 0;
  }

  static void print(Commit c, PrintWriter out) {
    out.println("commit " + c.id().name());
    c.parent().ifPresent(p -> out.println("Parent:  " + p.name()));
    out.println("Date:  " + Instant.ofEpochSecond(c.timestamp()));
    c.string("version").ifPresent(v -> out.println("Version: " + v));
    out.println();
    out.println("    " + c.subject());
    if (!c.body().isEmpty()) {
      out.println();
      c.body().lines().forEach(l -> out.println("    " + l));
    }
    out.println();
    out.flush();
  }
}
