package dev.caisson.disk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A GUID partition table: the disk's GUID, its geometry and the used entries (sorted by number).
 * Usable sectors run from just after the primary entry array to just before the backup one.
 */
public record GptTable(Guid diskGuid, int sectorSize, long totalSectors, List<PartitionEntry> entries) {
  /** Entries in the array; each entry is {@link #ENTRY_SIZE} bytes. */
  public static final int ENTRIES = 128;
  public static final int ENTRY_SIZE = 128;

  public GptTable {
    if (sectorSize < 512 || Integer.bitCount(sectorSize) != 1) {
      throw new IllegalArgumentException("bad sector size " + sectorSize);
    }
    entries = entries.stream().sorted(Comparator.comparingInt(PartitionEntry::number)).toList();
    long min = 2L + 2 * arraySectors(sectorSize) + 1;
    if (totalSectors < min) {
      throw new IllegalArgumentException("a disk of " + totalSectors + " sectors is too small for GPT");
    }
    for (int i = 0; i < entries.size(); i++) {
      PartitionEntry e = entries.get(i);
      if (i > 0 && entries.get(i - 1).number() == e.number()) {
        throw new IllegalArgumentException("two partitions numbered " + e.number());
      }
      if (e.firstLba() < firstUsable(sectorSize) || e.lastLba() > lastUsable(sectorSize, totalSectors)) {
        throw new IllegalArgumentException("partition " + e.number() + " (" + e.firstLba() + ".." + e.lastLba()
            + ") is outside the usable sectors " + firstUsable(sectorSize) + ".."
            + lastUsable(sectorSize, totalSectors));
      }
      for (int j = 0; j < i; j++) {
        if (entries.get(j).overlaps(e.firstLba(), e.lastLba())) {
          throw new IllegalArgumentException("partitions " + entries.get(j).number() + " and " + e.number()
              + " overlap");
        }
      }
    }
  }

  /** An empty table for a disk of {@code totalSectors}. */
  public static GptTable empty(Guid diskGuid, int sectorSize, long totalSectors) {
    return new GptTable(diskGuid, sectorSize, totalSectors, List.of());
  }

  static int arraySectors(int sectorSize) {
    return (ENTRIES * ENTRY_SIZE + sectorSize - 1) / sectorSize;
  }

  static long firstUsable(int sectorSize) {
    return 2L + arraySectors(sectorSize);
  }

  static long lastUsable(int sectorSize, long totalSectors) {
    return totalSectors - 2 - arraySectors(sectorSize);
  }

  public long firstUsable() {
    return firstUsable(sectorSize);
  }

  public long lastUsable() {
    return lastUsable(sectorSize, totalSectors);
  }

  /** Sectors per MiB: the alignment of new partitions (2048 for 512-byte sectors). */
  public long sectorsPerMiB() {
    return (1024L * 1024) / sectorSize;
  }

  public Optional<PartitionEntry> entry(int number) {
    return entries.stream().filter(e -> e.number() == number).findFirst();
  }

  public Optional<PartitionEntry> byName(String name) {
    return entries.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  public GptTable with(PartitionEntry e) {
    List<PartitionEntry> list = new ArrayList<>(entries);
    list.removeIf(x -> x.number() == e.number());
    list.add(e);
    return new GptTable(diskGuid, sectorSize, totalSectors, list);
  }

  public GptTable without(int number) {
    List<PartitionEntry> list = new ArrayList<>(entries);
    list.removeIf(x -> x.number() == number);
    return new GptTable(diskGuid, sectorSize, totalSectors, list);
  }

  /** The lowest number no entry uses, as sgdisk picks for partition number 0. */
  public int firstFreeNumber() {
    for (int n = 1; n <= ENTRIES; n++) {
      if (entry(n).isEmpty()) {
        return n;
      }
    }
    throw new IllegalStateException("all " + ENTRIES + " entries are used");
  }

  /** The unused sector ranges, in disk order. */
  public List<FreeBlock> freeBlocks() {
    List<FreeBlock> out = new ArrayList<>();
    long next = firstUsable();
    for (PartitionEntry e : entries.stream().sorted(Comparator.comparingLong(PartitionEntry::firstLba)).toList()) {
      if (e.firstLba() > next) {
        out.add(new FreeBlock(next, e.firstLba() - 1));
      }
      next = Math.max(next, e.lastLba() + 1);
    }
    if (next <= lastUsable()) {
      out.add(new FreeBlock(next, lastUsable()));
    }
    return out;
  }

  /** A run of unused sectors, inclusive. */
  public record FreeBlock(long first, long last) {
    public long sectors() {
      return last - first + 1;
    }

    public boolean contains(long sector) {
      return sector >= first && sector <= last;
    }
  }
}
