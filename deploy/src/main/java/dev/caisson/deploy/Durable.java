package dev.caisson.deploy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Crash-safe file writes: a temp file in the same directory, fsync, rename, fsync the directory. */
final class Durable {
  private Durable() {}

  static void write(Path target, byte[] content) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(java.nio.ByteBuffer.wrap(content));
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDir(target.getParent());
  }

  static void write(Path target, String content) throws IOException {
    write(target, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Copies a file durably, unless an identical-sized copy is already there. */
  static void copy(Path source, Path target) throws IOException {
    if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && Files.size(target) == Files.size(source)
        && Files.mismatch(source, target) == -1L) {
      return;
    }
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      // /boot on the same filesystem: share the deployment's (read-only, content-addressed) file
      Files.createLink(tmp, source);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDir(target.getParent());
      return;
    } catch (IOException | UnsupportedOperationException e) {
      Files.deleteIfExists(tmp);
    }
    Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDir(target.getParent());
  }

  /** Points {@code link} at {@code target} atomically (a temp link renamed over it). */
  static void symlink(Path link, String target) throws IOException {
    Path tmp = link.resolveSibling("." + link.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, Path.of(target));
    Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDir(link.getParent());
  }

  static void syncDir(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  static void deleteTree(Path p) throws IOException {
    dev.caisson.store.FileTree.delete(p);
  }
}
