package dev.caisson.provision;

/** The stages {@code caisson provision --stage} runs; {@code all} runs disks, then files, then kargs. */
public enum Stage {
  FETCH,
  DISKS,
  FILES,
  KARGS,
  ALL;

  boolean runsDisks() {
    return this == DISKS || this == ALL;
  }

  boolean runsFiles() {
    return this == FILES || this == ALL;
  }

  boolean runsKargs() {
    return this == KARGS || this == ALL;
  }
}
