package dev.caisson.disk;

/** One step of the disks stage's plan; the dry run prints {@link #describe()}, the real run performs it. */
public sealed interface DiskAction {
  String describe();

  /** Whether performing it writes anything. */
  boolean writes();

  /** A disk's table: the partition changes and, when they change any byte, the write. */
  record Partition(Disk disk, PartitionPlan plan, GptCodec.Regions regions, boolean write) implements DiskAction {
    @Override
    public String describe() {
      StringBuilder sb = new StringBuilder();
      String dev = plan.spec().device();
      if (plan.spec().wipeTable()) {
        sb.append(dev).append(": wipe the partition table\n");
      }
      for (PartitionChange c : plan.changes()) {
        sb.append(dev).append(": ").append(c.describe()).append('\n');
      }
      int n = plan.after().entries().size();
      sb.append(dev).append(write ? ": write the GPT (" + n + (n == 1 ? " partition)" : " partitions)")
          : ": partition table unchanged");
      return sb.toString();
    }

    @Override
    public boolean writes() {
      return write;
    }
  }

  /** An existing filesystem that matches the config, kept as {@code wipeFilesystem: false} asks. */
  record KeepFilesystem(FilesystemSpec spec, Target target, Probe.Found found) implements DiskAction {
    @Override
    public String describe() {
      return spec.device() + ": keep the existing " + found.describe();
    }

    @Override
    public boolean writes() {
      return false;
    }
  }

  /** mkfs, replacing whatever {@code found} says is there. */
  record Format(FilesystemSpec spec, Target target, Probe.Found found) implements DiskAction {
    @Override
    public String describe() {
      return spec.device() + ": format as " + spec.format()
          + (spec.label() != null ? " label \"" + spec.label() + "\"" : "")
          + (spec.uuid() != null ? " uuid " + spec.uuid() : "")
          + (spec.options().isEmpty() ? "" : " options " + String.join(" ", spec.options()))
          + (found.blank() ? "" : " (replacing " + found.describe() + ")");
    }

    @Override
    public boolean writes() {
      return true;
    }
  }

  /** {@code format: none} with {@code wipeFilesystem: true}: the signatures are erased. */
  record Wipe(FilesystemSpec spec, Target target, Probe.Found found) implements DiskAction {
    @Override
    public String describe() {
      return spec.device() + ": erase " + found.describe();
    }

    @Override
    public boolean writes() {
      return !found.blank();
    }
  }
}
