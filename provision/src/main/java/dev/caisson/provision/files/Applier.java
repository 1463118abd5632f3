package dev.caisson.provision.files;

import dev.caisson.provision.ProvisionException;
import dev.caisson.provision.ProvisionListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Performs a plan's actions in order. Files, links and hard links are made under a temporary name
 * in the same directory and renamed into place, so no path is ever half-written; modes and owners
 * are set before the rename. Syncing is left to the caller (one sync per run).
 */
public final class Applier {
  private final Path root;
  private final ProvisionListener listener;

  public Applier(Path root, ProvisionListener listener) {
    this.root = root;
    this.listener = listener;
  }

  /** Applies every action; returns how many ran. On failure the exception says which one. */
  public int apply(List<Action> actions) throws ProvisionException {
    int done = 0;
    for (Action a : actions) {
      String op = a.describe();
      listener.started("files", op);
      try {
        run(a);
      } catch (IOException | RuntimeException e) {
        listener.failed("files", op, e.getMessage());
        throw new ProvisionException(op + ": " + e.getMessage() + " (" + done + " of " + actions.size()
            + " operations had been applied)", e);
      }
      listener.finished("files", op);
      done++;
    }
    return done;
  }

  private void run(Action a) throws IOException {
    if (a instanceof Action.MkDir d) {
      Path p = root.resolve(d.rel());
      Files.createDirectory(p);
      attrs(p, d.mode(), d.uid(), d.gid());
    } else if (a instanceof Action.Write w) {
      Path p = root.resolve(w.rel());
      Path tmp = temp(p);
      try (OutputStream out = Files.newOutputStream(tmp)) {
        out.write(w.data());
      }
      attrs(tmp, w.mode(), w.uid(), w.gid());
      Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } else if (a instanceof Action.Attrs t) {
      attrs(root.resolve(t.rel()), t.mode(), t.uid(), t.gid());
    } else if (a instanceof Action.Remove r) {
      removeTree(root.resolve(r.rel()));
    } else if (a instanceof Action.Symlink s) {
      Path p = root.resolve(s.rel());
      Path tmp = temp(p);
      Files.createSymbolicLink(tmp, Path.of(s.target()));
      Files.setAttribute(tmp, "unix:uid", s.uid(), LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(tmp, "unix:gid", s.gid(), LinkOption.NOFOLLOW_LINKS);
      Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } else if (a instanceof Action.HardLink h) {
      Path p = root.resolve(h.rel());
      Path tmp = temp(p);
      Files.createLink(tmp, root.resolve(h.targetRel()));
      Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private static Path temp(Path p) throws IOException {
    Path tmp = p.resolveSibling("." + p.getFileName() + ".caisson-tmp");
    Files.deleteIfExists(tmp);
    return tmp;
  }

  private static void attrs(Path p, int mode, int uid, int gid) throws IOException {
    Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    if (mode >= 0) {
      Files.setAttribute(p, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
    }
  }

  static void removeTree(Path p) throws IOException {
    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(p);
      return;
    }
    Files.walkFileTree(p, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
