package dev.caisson.disk;

import java.util.List;

/**
 * One {@code storage.filesystems[]} entry that this stage formats.
 *
 * @param configPath where it came from, for messages ({@code storage.filesystems[2]})
 * @param format ext4, xfs, vfat, swap, btrfs or none
 * @param label null when not given
 * @param uuid null when not given
 */
public record FilesystemSpec(String configPath, String device, String format, String label, String uuid,
    List<String> options, boolean wipeFilesystem) {
  public FilesystemSpec {
    if (device == null || device.isEmpty()) {
      throw new IllegalArgumentException(configPath + ": a filesystem needs a device");
    }
    if (format == null || format.isEmpty()) {
      throw new IllegalArgumentException(configPath + ": a filesystem needs a format");
    }
    options = List.copyOf(options);
  }
}
