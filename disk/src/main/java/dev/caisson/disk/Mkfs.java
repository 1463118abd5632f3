package dev.caisson.disk;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The mkfs command line for each format, with Ignition's flags for label, UUID and force. */
public final class Mkfs {
  public static final Set<String> FORMATS = Set.of("ext4", "xfs", "vfat", "swap", "btrfs");

  private Mkfs() {}

  /** The tool that makes {@code format}. */
  public static String tool(String format) {
    return switch (format) {
      case "ext4" -> "mkfs.ext4";
      case "xfs" -> "mkfs.xfs";
      case "vfat" -> "mkfs.vfat";
      case "swap" -> "mkswap";
      case "btrfs" -> "mkfs.btrfs";
      default -> throw new IllegalArgumentException("unsupported filesystem format " + format);
    };
  }

  public static List<String> argv(FilesystemSpec fs, Path target) {
    List<String> a = new ArrayList<>();
    a.add(tool(fs.format()));
    switch (fs.format()) {
      case "ext4" -> {
        a.addAll(List.of("-F", "-q"));
        flag(a, "-L", fs.label());
        flag(a, "-U", fs.uuid());
      }
      case "xfs" -> {
        a.addAll(List.of("-f", "-q"));
        flag(a, "-L", fs.label());
        flag(a, "-m", fs.uuid() == null ? null : "uuid=" + fs.uuid());
      }
      case "vfat" -> {
        flag(a, "-n", fs.label());
        flag(a, "-i", fs.uuid() == null ? null : fs.uuid().replace("-", ""));
      }
      case "swap" -> {
        a.add("-f");
        flag(a, "-L", fs.label());
        flag(a, "-U", fs.uuid());
      }
      case "btrfs" -> {
        a.addAll(List.of("-f", "-q"));
        flag(a, "-L", fs.label());
        flag(a, "-U", fs.uuid());
      }
      default -> throw new IllegalArgumentException("unsupported filesystem format " + fs.format());
    }
    a.addAll(fs.options());
    a.add(target.toString());
    return a;
  }

  private static void flag(List<String> a, String flag, String value) {
    if (value != null) {
      a.add(flag);
      a.add(value);
    }
  }
}
