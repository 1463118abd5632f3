package dev.caisson.cli.repo;

import dev.caisson.cli.DebugOption;
import dev.caisson.cli.UserException;
import dev.caisson.store.Commit;
import dev.caisson.store.Content;
import dev.caisson.store.FileMeta;

import dev.caisson.store.Repo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(addMethodSubcommands = false,
    name = "ls", description = "List a commit's files.", mixinStandardHelpOptions = true)
final class RepoLs implements Callable<Integer> {
  @Mixin DebugOption debug;
  @ParentCommand RepoCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Option(names = {"-R", "--recursive"}) boolean recursive;
  @Parameters(index = "0", paramLabel = "COMMIT") String commit;
  @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", defaultValue = "/") String path;

  @Override
  public Integer call() throws Exception {
    Repo repo = parent.open();
    Commit c = Commit.read(repo, repo.resolve(commit));
    Commit.Dir dir = new Commit.Dir(c.rootTree(), c.rootMeta());
    String prefix = "";
    for (String part : path.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      dir = Commit.tree(repo, dir.tree()).dirs().get(part);
      if (dir == null) {
        throw new UserException("no directory " + path + " in " + commit);
      }
      prefix += "/" + part;
    }
    list(repo, dir, prefix, spec.commandLine().getOut());
    return 0;
  }

  private void list(Repo repo, Commit.Dir dir, String prefix, PrintWriter out) throws Exception {
    FileMeta dm = Commit.dirMeta(repo, dir.meta());
    out.println(line(dm, 0, prefix.isEmpty() ? "/" : prefix, ""));
    Commit.Tree t = Commit.tree(repo, dir.tree());
    for (var e : t.files().entrySet()) {
      Content.Loaded l = Content.load(repo, e.getValue());
      long size = l.meta().isSymlink() ? 0 : l.content().transferTo(java.io.OutputStream.nullOutputStream());
      l.content().close();
      out.println(line(l.meta(), size, prefix + "/" + e.getKey(),
          l.meta().isSymlink() ? " -> " + l.meta().symlinkTarget() : ""));
    }
    for (var e : t.dirs().entrySet()) {
      if (recursive) {
        list(repo, e.getValue(), prefix + "/" + e.getKey(), out);
      } else {
        out.println(line(Commit.dirMeta(repo, e.getValue().meta()), 0, prefix + "/" + e.getKey(), ""));
      }
    }
    out.flush();
  }

  private static String line(FileMeta m, long size, String path, String suffix) {
    char type = m.isDirectory() ? 'd' : m.isSymlink() ? 'l' : '-';
    return String.format("%c0%o %d %d %10d %s%s", type, m.mode() & 07777, m.uid(), m.gid(), size, path, suffix);
  }

}
