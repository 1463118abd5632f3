package dev.caisson.compose;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * File-tree operations of a compose. The work tree is a hard-link copy of the cached bootstrap
 * tree, so nothing here writes into an existing file: a changed file is written beside it and
 * renamed over it, which breaks the link and leaves the cache untouched.
 */
final class Tree {
  private Tree() {}

  /** Whether compose runs as root (mmdebstrap's root mode, plain chroot) or must use a user namespace. */
  static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Deletes a file, symlink or directory tree (never following symlinks); absent is fine. */
  static void delete(Path p) throws IOException {
    dev.caisson.store.FileTree.delete(p);
  }

  /** {@code cp -a --link}: a copy that shares every file's inode with the source. */
  static void linkCopy(Path source, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    run(List.of("cp", "-a", "--link", source.toString(), target.toString()));
  }

  /** Writes {@code bytes} to {@code p} through a temp file and a rename (never into a shared inode). */
  static void write(Path p, byte[] bytes, int mode) throws IOException {
    Files.createDirectories(p.getParent());
    Path tmp = p.resolveSibling("." + p.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.setAttribute(tmp, "unix:mode", mode);
    Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Copies {@code overlay} over {@code root}: directories are created (owned by root), files and
   * symlinks replace what is there. Modes come from the overlay; owners are always root, whoever
   * checked the overlay out.
   */
  static int overlay(Path overlay, Path root) throws IOException {
    int[] count = {0};
    Files.walkFileTree(overlay, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
        Path t = root.resolve(overlay.relativize(d).toString());
        if (Files.isSymbolicLink(t)) {
          throw new IOException("overlay directory " + d + " would replace the symlink " + t);
        }
        if (!Files.isDirectory(t)) {
          Files.createDirectories(t);
          Files.setAttribute(t, "unix:mode", (Integer) Files.getAttribute(d, "unix:mode") & 07777);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
        Path t = root.resolve(overlay.relativize(f).toString());
        Path tmp = t.resolveSibling("." + t.getFileName() + ".overlay");
        Files.deleteIfExists(tmp);
        if (a.isSymbolicLink()) {
          Files.createSymbolicLink(tmp, Files.readSymbolicLink(f));
        } else {
          Files.copy(f, tmp, StandardCopyOption.COPY_ATTRIBUTES);
          int mode = (Integer) Files.getAttribute(f, "unix:mode") & 0777;
          Files.setAttribute(tmp, "unix:mode", mode);
        }
        chownRoot(tmp);
        if (Files.isDirectory(t, LinkOption.NOFOLLOW_LINKS)) {
          delete(t);
        }
        Files.move(tmp, t, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        count[0]++;
        return FileVisitResult.CONTINUE;
      }
    });
    return count[0];
  }

  private static void chownRoot(Path p) throws IOException {
    try {
      Files.setAttribute(p, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(p, "unix:gid", 0, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.FileSystemException e) {
      // not root (tests as a user): the tree keeps the user's ids
    }
  }

  /** Total bytes of regular files under {@code dir}, each inode counted once. */
  static long size(Path dir) throws IOException {
    var seen = new java.util.HashSet<Object>();
    long[] total = {0};
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
        if (a.isRegularFile() && (a.fileKey() == null || seen.add(a.fileKey()))) {
          total[0] += a.size();
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return total[0];
  }

  static void run(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
        new java.io.File("/dev/null"))).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        List<String> lines = out.strip().lines().toList();
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + ")"
            + (lines.size() > 5 ? ", last 5 of " + lines.size() + " lines" : "") + ":\n" + tail);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", cmd), e);
    }
  }
}
