package dev.caisson.disk;

import java.util.Arrays;
import java.util.List;

/** The disks stage's plan: partition tables first, in config order, then filesystems. */
public record DiskPlan(List<DiskAction> actions) {
  public DiskPlan {
    actions = List.copyOf(actions);
  }

  /** One line per change, as the dry run prints them. */
  public List<String> lines() {
    return actions.stream().flatMap(a -> Arrays.stream(a.describe().split("\n"))).toList();
  }
}
