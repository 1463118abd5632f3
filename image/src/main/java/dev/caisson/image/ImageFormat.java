package dev.caisson.image;

/** How the disk image is stored. */
public enum ImageFormat {
  /** A sparse raw disk, as {@code dd} would write it to a real disk. */
  RAW,
  /** QEMU's copy-on-write format, converted from the raw disk with {@code qemu-img convert}. */
  QCOW2;

  public static ImageFormat parse(String s) {
    return switch (s.toLowerCase(java.util.Locale.ROOT)) {
      case "raw", "img" -> RAW;
      case "qcow2" -> QCOW2;
      default -> throw new IllegalArgumentException("unknown image format '" + s + "' (raw or qcow2)");
    };
  }
}
