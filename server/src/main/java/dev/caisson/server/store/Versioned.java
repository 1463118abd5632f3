package dev.caisson.server.store;

/** A value as read from a store, with the revision of its last write (the compare-and-swap token). */
public record Versioned<T>(String key, T value, long revision) {
  public Versioned {
    if (revision <= 0) {
      throw new IllegalArgumentException("revision must be positive: " + revision);
    }
  }
}
