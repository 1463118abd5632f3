package dev.caisson.disk;

/**
 * One used GPT entry.
 *
 * @param number the 1-based index in the entry array (the {@code N} of {@code /dev/vdaN})
 * @param firstLba the first sector, inclusive
 * @param lastLba the last sector, inclusive
 * @param name at most 36 UTF-16 code units
 */
public record PartitionEntry(int number, Guid type, Guid guid, long firstLba, long lastLba, long attributes,
    String name) {
  public static final int MAX_NAME = 36;

  public PartitionEntry {
    if (number < 1 || number > GptTable.ENTRIES) {
      throw new IllegalArgumentException("partition number " + number + " is not in 1.." + GptTable.ENTRIES);
    }
    if (type == null || type.isZero()) {
      throw new IllegalArgumentException("partition " + number + ": a used entry needs a type GUID");
    }
    if (guid == null) {
      throw new IllegalArgumentException("partition " + number + ": no GUID");
    }
    if (firstLba < 1 || lastLba < firstLba) {
      throw new IllegalArgumentException("partition " + number + ": bad range " + firstLba + ".." + lastLba);
    }
    name = name == null ? "" : name;
    if (name.length() > MAX_NAME) {
      throw new IllegalArgumentException("partition " + number + ": name longer than 36 characters: " + name);
    }
  }

  public long sectors() {
    return lastLba - firstLba + 1;
  }

  public boolean overlaps(long first, long last) {
    return first <= lastLba && last >= firstLba;
  }

  public PartitionEntry withRange(long first, long last) {
    return new PartitionEntry(number, type, guid, first, last, attributes, name);
  }
}
