package dev.caisson.image;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code caisson image build} makes.
 *
 * @param repo the repository holding the commit
 * @param ref a ref or commit checksum in it
 * @param output the image file; written to a temp file beside it and renamed into place
 * @param sizeBytes the virtual disk size (the raw file is sparse)
 * @param kargs kernel arguments; each replaces the default with the same key
 * @param stateroot the OS name in the sysroot
 */
public record ImageSpec(Path repo, String ref, Path output, ImageFormat format, long sizeBytes, List<String> kargs,
    String stateroot) {
  /** The root filesystem's label; the kernel finds it with {@code root=LABEL=...}. */
  public static final String ROOT_LABEL = "caisson-root";
  public static final String ESP_LABEL = "EFI-SYSTEM";
  public static final String DEFAULT_REF = "caisson/stable/x86_64";
  public static final List<String> DEFAULT_KARGS =
      List.of("root=LABEL=" + ROOT_LABEL, "rw", "console=ttyS0,115200");

  public ImageSpec {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(format, "format");
    kargs = List.copyOf(kargs);
    if (sizeBytes < DiskLayout.MIN_BYTES) {
      throw new IllegalArgumentException("an image needs at least " + DiskLayout.MIN_BYTES / (1024 * 1024) + " MiB");
    }
  }

  public static ImageSpec of(Path repo, String ref, Path output) {
    return new ImageSpec(repo, ref, output, ImageFormat.RAW, 8L << 30, List.of(), "caisson");
  }

  public ImageSpec withFormat(ImageFormat f) {
    return new ImageSpec(repo, ref, output, f, sizeBytes, kargs, stateroot);
  }

  public ImageSpec withSize(long bytes) {
    return new ImageSpec(repo, ref, output, format, bytes, kargs, stateroot);
  }

  public ImageSpec withKargs(List<String> k) {
    return new ImageSpec(repo, ref, output, format, sizeBytes, k, stateroot);
  }

  /** Parses {@code 8G}, {@code 512M}, {@code 3584M} or a plain byte count. */
  public static long parseSize(String s) {
    String t = s.trim().toUpperCase(java.util.Locale.ROOT).replaceAll("I?B$", "");
    long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
      case 'K' -> 1L << 10;
      case 'M' -> 1L << 20;
      case 'G' -> 1L << 30;
      case 'T' -> 1L << 40;
      default -> 1;
    };
    String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
    try {
      return Long.parseLong(digits) * unit;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a size: '" + s + "' (say 8G or 3584M)");
    }
  }
}
