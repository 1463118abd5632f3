package dev.caisson.disk;

import java.util.List;
import java.util.Optional;

/**
 * The partition table a disk should end up with, and why.
 *
 * @param before the table found on the disk; empty for a blank disk
 * @param after the table to write (equal to {@code before} when nothing changes)
 */
public record PartitionPlan(DiskSpec spec, Optional<GptTable> before, GptTable after,
    List<PartitionChange> changes) {
  public PartitionPlan {
    changes = List.copyOf(changes);
  }

  /** Whether any configured change touches the table; {@code wipeTable} always does. */
  public boolean changesTable() {
    return spec.wipeTable() || before.isEmpty() || changes.stream().anyMatch(PartitionChange::changes);
  }
}
