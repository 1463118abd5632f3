package dev.caisson.cli.repo;

import dev.caisson.cli.DebugOption;
import dev.caisson.cli.UserException;
import dev.caisson.store.Commit;
import dev.caisson.store.Content;
import dev.caisson.store.ObjectId;
import dev.caisson.store.Repo;
import java.io.InputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(addMethodSubcommands = false,
    name = "cat", description = "Print a file of a commit.", mixinStandardHelpOptions = true)
final class RepoCat implements Callable<Integer> {
  @Mixin DebugOption debug;
  @ParentCommand RepoCommand parent;
  @Parameters(index = "0", paramLabel = "COMMIT") String commit;
  @Parameters(index = "1", paramLabel = "PATH") String path;

  @Override
  public Integer call() throws Exception {
    Repo repo = parent.open();
    Commit c = Commit.read(repo, repo.resolve(commit));
    ObjectId tree = c.rootTree();
    String[] parts = path.replaceAll("^/+", "").split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      Commit.Dir d = Commit.tree(repo, tree).dirs().get(parts[i]);
      if (d == null) {
        throw new UserException("no such file " + path + " in " + commit);
      }
      tree = d.tree();
    }
    ObjectId file = Commit.tree(repo, tree).files().get(parts[parts.length - 1]);
    if (file == null) {
      throw new UserException("no such file " + path + " in " + commit);
    }
    try (InputStream in = Content.load(repo, file).content()) {
      in.transferTo(System.out);
    }
    System.out.flush();
    return 0;
  }
}
