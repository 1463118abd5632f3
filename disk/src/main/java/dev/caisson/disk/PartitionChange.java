package dev.caisson.disk;

/** What the disks stage does to one configured partition. */
public sealed interface PartitionChange {
  /** A line for the plan and the progress log. */
  String describe();

  /** Whether the table changes because of it. */
  default boolean changes() {
    return true;
  }

  /** An existing partition that matches the config: left alone. */
  record Keep(PartitionEntry entry) implements PartitionChange {
    @Override
    public String describe() {
      return "keep partition " + Describe.entry(entry);
    }

    @Override
    public boolean changes() {
      return false;
    }
  }

  /** A partition with {@code shouldExist: false} that does not exist: nothing to do. */
  record Absent(int number, String label) implements PartitionChange {
    @Override
    public String describe() {
      return "partition " + (number == 0 ? "\"" + label + "\"" : number) + " is absent, as configured";
    }

    @Override
    public boolean changes() {
      return false;
    }
  }

  record Create(PartitionEntry entry) implements PartitionChange {
    @Override
    public String describe() {
      return "create partition " + Describe.entry(entry);
    }
  }

  record Delete(PartitionEntry entry) implements PartitionChange {
    @Override
    public String describe() {
      return "delete partition " + Describe.entry(entry);
    }
  }

  /** {@code resize: true}: same number, start, GUIDs and label; another size. */
  record Resize(PartitionEntry before, PartitionEntry after) implements PartitionChange {
    @Override
    public String describe() {
      return "resize partition " + Describe.entry(before) + " to " + after.sectors() + " sectors";
    }
  }

  /** {@code wipePartitionEntry: true} and the existing entry did not match: replaced. */
  record Recreate(PartitionEntry before, PartitionEntry after) implements PartitionChange {
    @Override
    public String describe() {
      return "replace partition " + Describe.entry(before) + " with " + Describe.entry(after);
    }
  }

  /** Formats entries the same way in every line. */
  final class Describe {
    private Describe() {}

    static String entry(PartitionEntry e) {
      return e.number() + " \"" + e.name() + "\" start " + e.firstLba() + " size " + e.sectors() + " sectors type "
          + e.type() + " guid " + e.guid();
    }
  }
}
