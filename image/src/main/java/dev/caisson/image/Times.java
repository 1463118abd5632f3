package dev.caisson.image;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * Sets the modification and access times in a tree to one instant (the commit's), so the
 * filesystems made from it do not depend on when they were built. Repo objects included: their
 * time is no part of their checksum. (Change times cannot be set; mke2fs copies them.)
 */
final class Times {
  private Times() {}

  static void set(Path root, long epochSeconds) throws IOException {
    FileTime t = FileTime.from(java.time.Instant.ofEpochSecond(epochSeconds));
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        touch(file, t);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        touch(dir, t);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void touch(Path p, FileTime t) throws IOException {
    Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(t, t, null);
  }
}
