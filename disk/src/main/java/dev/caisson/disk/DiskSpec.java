package dev.caisson.disk;

import java.util.List;

/**
 * One {@code storage.disks[]} entry.
 *
 * @param configPath where it came from, for messages ({@code storage.disks[0]})
 */
public record DiskSpec(String configPath, String device, boolean wipeTable, List<PartitionSpec> partitions) {
  public DiskSpec {
    if (device == null || device.isEmpty()) {
      throw new IllegalArgumentException(configPath + ": a disk needs a device");
    }
    partitions = List.copyOf(partitions);
  }
}
