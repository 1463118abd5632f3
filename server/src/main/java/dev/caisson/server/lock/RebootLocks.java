package dev.caisson.server.lock;

import dev.caisson.server.store.BackendException;
import dev.caisson.server.store.FleetStore;
import dev.caisson.server.store.LockGroup;
import dev.caisson.server.store.Table;
import dev.caisson.server.store.Versioned;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * FleetLock's RecursiveLock and UnlockIfHeld over a {@link FleetStore}: read the group's holders, change them,
 * compare-and-swap; on a conflict read again and retry inside the server, so a free slot is never refused
 * because another replica wrote first (airlock answers those with 500).
 */
public final class RebootLocks {
  private static final int ATTEMPTS = 10_000;

  private final FleetStore store;
  private final LockPolicy policy;
  private final Clock clock;

  public RebootLocks(FleetStore store, LockPolicy policy, Clock clock) {
    this.store = store;
    this.policy = policy;
    this.clock = clock;
  }

  public LockPolicy policy() {
    return policy;
  }

  /** {@code POST /v1/pre-reboot}. */
  public LockOutcome lock(String group, String id) {
    Optional<GroupPolicy> g = policy.group(group);
    if (g.isEmpty()) {
      return new LockOutcome.UnknownGroup(group);
    }
    try {
      for (int i = 0; i < ATTEMPTS; i++) {
        var current = store.get(Table.LOCKS, group);
        LockGroup holders = live(current.map(Versioned::value).orElse(LockGroup.EMPTY));
        if (holders.holder(id).isPresent()) {
          if (holders.equals(current.map(Versioned::value).orElse(LockGroup.EMPTY))
              || swap(group, current, holders)) {
            return new LockOutcome.Granted(true);
          }
          continue;
        }
        if (!g.get().open(clock.instant())) {
          return new LockOutcome.OutsideWindow(group);
        }
        if (holders.holders().size() >= g.get().slots()) {
          return new LockOutcome.Full(g.get().slots());
        }
        if (swap(group, current, holders.with(new LockGroup.Holder(id, clock.millis())))) {
          return new LockOutcome.Granted(false);
        }
      }
      return new LockOutcome.BackendError("the lock of group " + group + " stayed contended; retry");
    } catch (BackendException e) {
      return new LockOutcome.BackendError(e.getMessage());
    }
  }

  /** {@code POST /v1/steady-state}, and the admin release of a stuck lock: succeeds whether held or not. */
  public LockOutcome unlock(String group, String id) {
    if (policy.group(group).isEmpty()) {
      return new LockOutcome.UnknownGroup(group);
    }
    try {
      for (int i = 0; i < ATTEMPTS; i++) {
        var current = store.get(Table.LOCKS, group);
        if (current.isEmpty() || current.get().value().holder(id).isEmpty()) {
          return new LockOutcome.Released(false);
        }
        if (swap(group, current, current.get().value().without(id))) {
          return new LockOutcome.Released(true);
        }
      }
      return new LockOutcome.BackendError("the lock of group " + group + " stayed contended; retry");
    } catch (BackendException e) {
      return new LockOutcome.BackendError(e.getMessage());
    }
  }

  /** The holders of every group that has any (expired ones left out), for the dashboard and metrics. */
  public List<Versioned<LockGroup>> held() throws BackendException {
    return store.list(Table.LOCKS).stream()
        .map(v -> new Versioned<>(v.key(), live(v.value()), v.revision()))
        .filter(v -> !v.value().holders().isEmpty()).toList();
  }

  private LockGroup live(LockGroup group) {
    if (policy.ttl().isEmpty()) {
      return group;
    }
    long cutoff = clock.millis() - policy.ttl().get().toMillis();
    return new LockGroup(group.holders().stream().filter(h -> h.sinceMillis() > cutoff).toList());
  }

  private boolean swap(String group, Optional<Versioned<LockGroup>> current, LockGroup next) throws BackendException {
    long rev = current.map(Versioned::revision).orElse(0L);
    return store.compareAndSet(Table.LOCKS, group, rev, next).isPresent();
  }
}
