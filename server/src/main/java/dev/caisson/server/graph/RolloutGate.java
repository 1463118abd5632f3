package dev.caisson.server.graph;

import dev.caisson.server.store.BackendException;
import dev.caisson.server.store.FleetStore;
import dev.caisson.server.store.RateLimit;
import dev.caisson.server.store.Release;
import dev.caisson.server.store.RolloutRecord;
import dev.caisson.server.store.Table;
import dev.caisson.server.store.Versioned;

/**
 * Nebraska's rate policy for one release: a node already granted keeps its grant; a new node is granted only if
 * fewer than {@code maxPerPeriod} grants fall in the last period and fewer than {@code maxInProgress} granted
 * nodes (within the timeout) have not booted the release yet (by their node records). Grants are recorded by compare-and-swap, so two
 * replicas cannot both hand out the last one.
 */
public final class RolloutGate {
  private static final int ATTEMPTS = 1000;
  private final FleetStore store;

  public RolloutGate(FleetStore store) {
    this.store = store;
  }

  private boolean booted(String node, String version) throws BackendException {
    return store.get(Table.NODES, node).map(v -> v.value().bootedVersion().equals(version)).orElse(false);
  }

  public boolean admit(String stream, Release release, String node, long nowMillis) throws BackendException {
    RateLimit limit = release.rateLimit().orElseThrow();
    String key = RolloutRecord.key(stream, release.version());
    for (int i = 0; i < ATTEMPTS; i++) {
      var current = store.get(Table.ROLLOUTS, key);
      RolloutRecord rec = current.map(Versioned::value).orElse(RolloutRecord.EMPTY);
      if (rec.grants().containsKey(node)) {
        return true;
      }
      long periodStart = nowMillis - limit.periodMinutes() * 60_000;
      long timeoutStart = nowMillis - limit.timeoutMinutes() * 60_000;
      long recent = rec.grants().values().stream().filter(t -> t > periodStart).count();
      long inProgress = 0;
      for (var e : rec.grants().entrySet()) {
        if (e.getValue() > timeoutStart && !booted(e.getKey(), release.version())) {
          inProgress++;
        }
      }
      if (recent >= limit.maxPerPeriod() || inProgress >= limit.maxInProgress()) {
        return false;
      }
      long rev = current.map(Versioned::revision).orElse(0L);
      if (store.compareAndSet(Table.ROLLOUTS, key, rev, rec.withGrant(node, nowMillis)).isPresent()) {
        return true;
      }
    }
    throw new BackendException("too much contention on the rollout record " + key);
  }
}
