package dev.caisson.config.butane;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code --files-dir} that {@code local} paths are relative to. Nothing outside it can be read:
 * {@code ..} and symlinks that lead out are refused.
 */
final class FilesDir {
  private final Optional<Path> root;

  FilesDir(Optional<Path> root) {
    this.root = root.map(p -> p.toAbsolutePath().normalize());
  }

  boolean present() {
    return root.isPresent();
  }

  /** The file {@code local} names, checked to be inside the files dir; never null. */
  Path resolve(String local) throws LocalFileException {
    if (root.isEmpty()) {
      throw new LocalFileException(
          "local file paths are relative to a files directory that must be specified with -d/--files-dir");
    }
    Path p = root.get().resolve(local).normalize();
    if (!p.startsWith(root.get())) {
      throw new LocalFileException("local file path traverses outside the files directory");
    }
    try {
      Path real = p.toRealPath();
      if (!real.startsWith(root.get().toRealPath())) {
        throw new LocalFileException("local file path leads outside the files directory through a symlink");
      }
    } catch (NoSuchFileException e) {
      throw new LocalFileException("cannot read " + display(local) + ": no such file or directory");
    } catch (IOException e) {
      throw new LocalFileException("cannot read " + display(local) + ": " + e.getMessage());
    }
    return p;
  }

  byte[] read(String local) throws LocalFileException {
    Path p = resolve(local);
    if (Files.isDirectory(p)) {
      throw new LocalFileException("cannot read " + display(local) + ": it is a directory");
    }
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new LocalFileException("cannot read " + display(local) + ": " + e.getMessage());
    }
  }

  private String display(String local) {
    return root.map(r -> r.resolve(local).toString()).orElse(local);
  }

  /** A {@code local} reference that cannot be honoured. */
  static final class LocalFileException extends Exception {
    LocalFileException(String message) {
      super(message);
    }
  }
}
