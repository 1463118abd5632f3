package dev.caisson.server.fleet;

import dev.caisson.server.store.BackendException;
import dev.caisson.server.store.FleetStore;
import dev.caisson.server.store.NodeRecord;
import dev.caisson.server.store.Pause;
import dev.caisson.server.store.RolloutRecord;
import dev.caisson.server.store.Table;
import dev.caisson.server.store.Versioned;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Counts, per release, the nodes that failed on it, and (from the node records) those that took it; when the
 * failures pass the policy's
 * threshold the release's rollout is paused (automatically, with the count in the reason), so the graph stops
 * offering it to every node that asks afterwards.
 */
public final class ClosedLoop {
  private static final int ATTEMPTS = 1000;

  private final FleetStore store;
  private final Releases releases;
  private final ClosedLoopPolicy policy;
  private final Clock clock;

  public ClosedLoop(FleetStore store, Releases releases, ClosedLoopPolicy policy, Clock clock) {
    this.store = store;
    this.releases = releases;
    this.policy = policy;
    this.clock = clock;
  }

  /** The nodes of {@code stream} that took {@code version}: booted it, or failed on it. */
  private int takers(String stream, String version, RolloutRecord rec) throws BackendException {
    int n = 0;
    for (var v : store.list(Table.NODES)) {
      NodeRecord node = v.value();
      if (node.stream().equals(stream) && (node.bootedVersion().equals(version) || node.rollbacks().contains(version))
          && !rec.failures().containsKey(node.id())) {
        n++;
      }
    }
    return n + rec.failures().size();
  }

  /** Records a failure; returns the pause if this failure tripped it. */
  public Optional<Pause> failure(String stream, String version, String node, String what) throws BackendException {
    if (!known(stream, version)) {
      return Optional.empty();
    }
    RolloutRecord rec = record(stream, version, r -> r.failures().containsKey(node) ? r : r.withFailure(node, what));
    int takers = takers(stream, version, rec);
    if (!policy.tripped(rec.failures().size(), takers)) {
      return Optional.empty();
    }
    var release = releases.stream(stream).flatMap(s -> s.release(version));
    if (release.isEmpty() || release.get().pause().isPresent()) {
      return Optional.empty();
    }
    var pause = new Pause("automatic: " + rec.failures().size() + " of " + takers
        + " nodes that took it failed or rolled back (last: " + node + ": " + what + ")", true, clock.millis());
    releases.change(stream, version, r -> r.pause().isPresent() ? r : r.withPause(Optional.of(pause)));
    return Optional.of(pause);
  }

  private boolean known(String stream, String version) throws BackendException {
    return !stream.isEmpty() && !version.isEmpty()
        && releases.stream(stream).flatMap(s -> s.release(version)).isPresent();
  }

  private RolloutRecord record(String stream, String version, UnaryOperator<RolloutRecord> change)
      throws BackendException {
    String key = RolloutRecord.key(stream, version);
    for (int i = 0; i < ATTEMPTS; i++) {
      var current = store.get(Table.ROLLOUTS, key);
      RolloutRecord before = current.map(Versioned::value).orElse(RolloutRecord.EMPTY);
      RolloutRecord after = change.apply(before);
      if (after.equals(before) && current.isPresent()) {
        return after;
      }
      if (store.compareAndSet(Table.ROLLOUTS, key, current.map(Versioned::revision).orElse(0L), after).isPresent()) {
        return after;
      }
    }
    throw new BackendException("too much contention on the rollout record " + key);
  }
}
