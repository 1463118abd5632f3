package dev.caisson.store.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which file of a repository an HTTP request path names, for any server that serves a repository: only regular
 * files inside it, never through {@code ..} or a symlink that leads out.
 */
public final class RepoFiles {
  private final Path root;

  public RepoFiles(Path repo) throws IOException {
    this.root = repo.toAbsolutePath().normalize().toRealPath();
  }

  public Path root() {
    return root;
  }

  /** The file {@code requestPath} (relative to the repository, leading slashes ignored) names, if it may be served. */
  public Optional<Path> resolve(String requestPath) throws IOException {
    return resolveFile(requestPath).map(Served::path);
  }

  /** A file that may be served, with its size from the same lstat. */
  public record Served(Path path, long size) {}

  /**
   * As {@link #resolve(String)}, with the file's size. The file itself must be a regular file (no
   * symlink); the directories above it must resolve inside the repository.
   */
  public Optional<Served> resolveFile(String requestPath) throws IOException {
    return resolveFile(requestPath, null);
  }

  /**
   * As {@link #resolveFile(String)}, for many files at once: {@code insideDirs} remembers the
   * directories found inside the repository, so that each is checked once (a pack of objects
   * shares a few XX/ directories).
   */
  public Optional<Served> resolveFile(String requestPath, java.util.Set<Path> insideDirs) throws IOException {
    Path p = root.resolve(requestPath.replaceFirst("^/+", "")).normalize();
    if (!p.startsWith(root) || p.equals(root)) {
      return Optional.empty();
    }
    java.nio.file.attribute.BasicFileAttributes a;
    try {
      a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.FileSystemException e) { // missing, or a file named as a directory (ENOTDIR)
      return Optional.empty();
    }
    if (!a.isRegularFile()) {
      return Optional.empty();
    }
    Path dir = p.getParent();
    if (insideDirs == null || !insideDirs.contains(dir)) {
      if (!inside(dir)) {
        return Optional.empty();
      }
      if (insideDirs != null) {
        insideDirs.add(dir);
      }
    }
    return Optional.of(new Served(p, a.size()));
  }

  /**
   * Whether a directory below the root resolves (symlinks followed) inside the repository: at once
   * when no directory between it and the root is a symlink (an lstat each, two for an object),
   * else by resolving it.
   */
  private boolean inside(Path dir) throws IOException {
    for (Path d = dir; !d.equals(root); d = d.getParent()) {
      java.nio.file.attribute.BasicFileAttributes a;
      try {
        a = Files.readAttributes(d, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (java.nio.file.NoSuchFileException e) {
        return false;
      }
      if (!a.isDirectory()) {
        return dir.toRealPath().startsWith(root);
      }
    }
    return true;
  }
}
