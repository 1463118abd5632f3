package dev.caisson.deploy.etc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicReference;

/** Recursive copy and delete that keep mode and owner and never follow symbolic links. */
final class TreeCopy {
  private TreeCopy() {}

  /** Directories with at least this many files below them copy their files on several threads. */
  private static final int PARALLEL_MIN = 64;
  private static final int THREADS = 4;

  /**
   * Copies {@code source} to {@code target}: the directories first (in order), then the files and
   * links (on several threads when there are many: each is independent once its directory
   * exists), then the directories' modes and owners, deepest first, so a read-only directory is
   * never made so before its children are in.
   */
  static void copy(Path source, Path target) throws IOException {
    if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
      copyFile(source, target);
      return;
    }
    var files = new ArrayList<Path[]>();
    var dirs = new ArrayList<Path[]>();
    structure(source, target, files, dirs);
    if (files.size() < PARALLEL_MIN) {
      for (Path[] f : files) {
        copyFile(f[0], f[1]);
      }
    } else {
      var failure = new AtomicReference<IOException>();
      ForkJoinPool pool = new ForkJoinPool(THREADS);
      try {
        pool.submit(() -> files.parallelStream().forEach(f -> {
          if (failure.get() == null) {
            try {
              copyFile(f[0], f[1]);
            } catch (IOException e) {
              failure.compareAndSet(null, e);
            }
          }
        })).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while copying " + source);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IOException(e.getCause());
      } finally {
        pool.shutdown();
      }
      if (failure.get() != null) {
        throw failure.get();
      }
    }
    for (int i = dirs.size() - 1; i >= 0; i--) {
      copyMetadata(dirs.get(i)[0], dirs.get(i)[1]);
    }
  }

  /** Creates {@code target} and the directories below it; lists the files and the directories. */
  private static void structure(Path source, Path target, List<Path[]> files, List<Path[]> dirs)
      throws IOException {
    Files.createDirectory(target);
    dirs.add(new Path[] {source, target});
    try (DirectoryStream<Path> s = Files.newDirectoryStream(source)) {
      for (Path child : s) {
        Path to = target.resolve(child.getFileName().toString());
        if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
          structure(child, to, files, dirs);
        } else {
          files.add(new Path[] {child, to});
        }
      }
    }
  }

  private static void copyFile(Path source, Path target) throws IOException {
    Files.copy(source, target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
    copyOwner(source, target);
  }

  static void copyMetadata(Path source, Path target) throws IOException {
    Map<String, Object> from = Files.readAttributes(source, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(target, "unix:mode", (Integer) from.get("mode") & 07777, LinkOption.NOFOLLOW_LINKS);
    owner(from, target);
  }

  /** Checks the owner a copy took (the copy sets it where it may) and sets what differs. */
  private static void copyOwner(Path source, Path target) throws IOException {
    owner(Files.readAttributes(source, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS), target);
  }

  private static void owner(Map<String, Object> from, Path target) throws IOException {
    Map<String, Object> to = Files.readAttributes(target, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
    if (!to.get("uid").equals(from.get("uid"))) {
      Files.setAttribute(target, "unix:uid", from.get("uid"), LinkOption.NOFOLLOW_LINKS);
    }
    if (!to.get("gid").equals(from.get("gid"))) {
      Files.setAttribute(target, "unix:gid", from.get("gid"), LinkOption.NOFOLLOW_LINKS);
    }
  }

  static void delete(Path p) throws IOException {
    dev.caisson.store.FileTree.delete(p);
  }
}
