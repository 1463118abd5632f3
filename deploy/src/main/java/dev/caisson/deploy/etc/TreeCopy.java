package dev.caisson.deploy.etc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** Recursive copy and delete that keep mode and owner and never follow symbolic links. */
final class TreeCopy {
  private TreeCopy() {}

  static void copy(Path source, Path target) throws IOException {
    if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectory(target);
      try (DirectoryStream<Path> s = Files.newDirectoryStream(source)) {
        for (Path child : s) {
          copy(child, target.resolve(child.getFileName().toString()));
        }
      }
      copyMetadata(source, target);
    } else {
      Files.copy(source, target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
      copyOwner(source, target);
    }
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
