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
    Path p = root.resolve(requestPath.replaceFirst("^/+", "")).normalize();
    if (!p.startsWith(root) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
        || !p.toRealPath().startsWith(root)) {
      return Optional.empty();
    }
    return Optional.of(p);
  }
}
