package dev.caisson.deploy.etc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
    int mode = (Integer) Files.getAttribute(source, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(target, "unix:mode", mode & 07777, LinkOption.NOFOLLOW_LINKS);
    copyOwner(source, target);
  }

  private static void copyOwner(Path source, Path target) throws IOException {
    int uid = (Integer) Files.getAttribute(source, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    int gid = (Integer) Files.getAttribute(source, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    if ((Integer) Files.getAttribute(target, "unix:uid", LinkOption.NOFOLLOW_LINKS) != uid) {
      Files.setAttribute(target, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    }
    if ((Integer) Files.getAttribute(target, "unix:gid", LinkOption.NOFOLLOW_LINKS) != gid) {
      Files.setAttribute(target, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }
  }

  static void delete(Path p) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
        for (Path child : s) {
          delete(child);
        }
      }
    }
    Files.delete(p);
  }
}
