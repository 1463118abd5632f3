package dev.caisson.disk;

/**
 * One {@code storage.disks[].partitions[]} entry, as Ignition reads it. A null field was not given.
 *
 * @param number 0 means "the next free number" (or the existing partition with this label)
 * @param startMiB 0 means the start of the largest free block; null means "keep" for an existing partition
 * @param sizeMiB 0 means "up to the end of the free block"; null means "keep" for an existing partition
 */
public record PartitionSpec(int number, String label, Integer startMiB, Integer sizeMiB, Guid typeGuid, Guid guid,
    boolean wipePartitionEntry, boolean shouldExist, boolean resize) {
  public PartitionSpec {
    if (number < 0 || number > GptTable.ENTRIES) {
      throw new IllegalArgumentException("partition number " + number + " is not in 0.." + GptTable.ENTRIES);
    }
    if (label != null && label.length() > PartitionEntry.MAX_NAME) {
      throw new IllegalArgumentException("partition label longer than 36 characters: " + label);
    }
    if (number == 0 && label == null) {
      throw new IllegalArgumentException("a partition needs a number or a label");
    }
    if ((startMiB != null && startMiB < 0) || (sizeMiB != null && sizeMiB < 0)) {
      throw new IllegalArgumentException("startMiB and sizeMiB cannot be negative");
    }
  }

  /** A partition that should exist, with only a number and a label: a starting point for tests. */
  public static PartitionSpec of(int number, String label) {
    return new PartitionSpec(number, label, null, null, null, null, false, true, false);
  }

  public PartitionSpec withStartMiB(Integer v) {
    return new PartitionSpec(number, label, v, sizeMiB, typeGuid, guid, wipePartitionEntry, shouldExist, resize);
  }

  public PartitionSpec withSizeMiB(Integer v) {
    return new PartitionSpec(number, label, startMiB, v, typeGuid, guid, wipePartitionEntry, shouldExist, resize);
  }

  public PartitionSpec withTypeGuid(Guid v) {
    return new PartitionSpec(number, label, startMiB, sizeMiB, v, guid, wipePartitionEntry, shouldExist, resize);
  }

  public PartitionSpec withGuid(Guid v) {
    return new PartitionSpec(number, label, startMiB, sizeMiB, typeGuid, v, wipePartitionEntry, shouldExist, resize);
  }

  public PartitionSpec withNumber(int v) {
    return new PartitionSpec(v, label, startMiB, sizeMiB, typeGuid, guid, wipePartitionEntry, shouldExist, resize);
  }

  public PartitionSpec withShouldExist(boolean v) {
    return new PartitionSpec(number, label, startMiB, sizeMiB, typeGuid, guid, wipePartitionEntry, v, resize);
  }

  public PartitionSpec withWipePartitionEntry(boolean v) {
    return new PartitionSpec(number, label, startMiB, sizeMiB, typeGuid, guid, v, shouldExist, resize);
  }

  public PartitionSpec withResize(boolean v) {
    return new PartitionSpec(number, label, startMiB, sizeMiB, typeGuid, guid, wipePartitionEntry, shouldExist, v);
  }
}
