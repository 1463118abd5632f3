package dev.caisson.server.store;

import java.util.Objects;

/**
 * One kind of record in a {@link FleetStore}: a key space, the value type stored under it, and whether an
 * acknowledged write must survive a power cut (locks and releases) or only a crash (node records, written on
 * every graph request).
 */
public record Table<T>(String name, Class<T> type, boolean durable) {
  public static final Table<LockGroup> LOCKS = new Table<>("locks", LockGroup.class, true);
  public static final Table<StreamRecord> STREAMS = new Table<>("streams", StreamRecord.class, true);
  public static final Table<RolloutRecord> ROLLOUTS = new Table<>("rollouts", RolloutRecord.class, true);
  public static final Table<NodeRecord> NODES = new Table<>("nodes", NodeRecord.class, false);

  public Table {
    Objects.requireNonNull(type);
    if (!name.matches("[a-z]+")) {
      throw new IllegalArgumentException("table name must be lower-case letters: " + name);
    }
  }
}
