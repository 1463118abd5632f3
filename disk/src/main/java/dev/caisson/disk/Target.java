package dev.caisson.disk;

import java.nio.file.Path;

/** Where a filesystem goes. */
public sealed interface Target {
  String describe();

  /** A block device, or a whole image file: mkfs runs on it directly. */
  record Device(Path path) implements Target {
    @Override
    public String describe() {
      return path.toString();
    }
  }

  /**
   * A partition of an image file (no loop device): the filesystem is made in a sparse temp file of
   * the partition's size and copied into the image at the partition's offset.
   */
  record ImagePartition(Path image, int number, long offset, long length) implements Target {
    @Override
    public String describe() {
      return image + " partition " + number + " (bytes " + offset + ".." + (offset + length - 1) + ")";
    }
  }
}
