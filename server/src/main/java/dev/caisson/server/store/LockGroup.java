package dev.caisson.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The holders of one reboot group's semaphore, oldest first. Slots come from the configuration, not from here. */
public record LockGroup(List<Holder> holders) {
  public static final LockGroup EMPTY = new LockGroup(List.of());

  /** One node holding a slot since a moment (epoch milliseconds). */
  public record Holder(String id, long sinceMillis) {
    public Holder {
      if (id == null || id.isEmpty()) {
        throw new IllegalArgumentException("a holder needs an id");
      }
    }
  }

  public LockGroup {
    holders = List.copyOf(holders);
    if (holders.stream().map(Holder::id).distinct().count() != holders.size()) {
      throw new IllegalArgumentException("a node holds at most one slot of a group");
    }
  }

  public Optional<Holder> holder(String id) {
    return holders.stream().filter(h -> h.id().equals(id)).findFirst();
  }

  public LockGroup with(Holder holder) {
    var next = new ArrayList<>(holders);
    next.add(holder);
    return new LockGroup(next);
  }

  public LockGroup without(String id) {
    return new LockGroup(holders.stream().filter(h -> !h.id().equals(id)).toList());
  }
}
