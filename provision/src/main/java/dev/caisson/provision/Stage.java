package dev.caisson.provision;

/** The stages {@code caisson provision --stage} runs. */
public enum Stage {
  FETCH,
  FILES,
  KARGS,
  ALL;

  boolean runsFiles() {
    return this == FILES || this == ALL;
  }

  boolean runsKargs() {
    return this == KARGS || this == ALL;
  }
}
