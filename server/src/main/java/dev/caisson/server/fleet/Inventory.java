package dev.caisson.server.fleet;

import dev.caisson.server.graph.GraphQuery;
import dev.caisson.server.store.BackendException;
import dev.caisson.server.store.FleetStore;
import dev.caisson.server.store.NodeRecord;
import dev.caisson.server.store.Table;
import dev.caisson.server.store.Versioned;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The node records. A graph request refreshes the node's identity and booted version (the last-seen time is
 * written at most once per {@code SEEN_RESOLUTION} when nothing else changed, so a polling fleet costs no write
 * per poll); a report adds state, staged version, last error and rollbacks, and feeds the {@link ClosedLoop}.
 * A node unseen for {@code staleAfter} is stale.
 */
public final class Inventory {
  static final long SEEN_RESOLUTION_MS = 60_000;

  private final FleetStore store;
  private final ClosedLoop loop;
  private final Clock clock;
  private final Duration staleAfter;

  public Inventory(FleetStore store, ClosedLoop loop, Clock clock, Duration staleAfter) {
    this.store = store;
    this.loop = loop;
    this.clock = clock;
    this.staleAfter = staleAfter;
  }

  public void seen(GraphQuery q) throws BackendException {
    if (q.nodeUuid().isEmpty()) {
      return;
    }
    String id = q.nodeUuid().get();
    long now = clock.millis();
    Optional<Versioned<NodeRecord>> current = store.get(Table.NODES, id);
    NodeRecord old = current.map(Versioned::value).orElse(NodeRecord.first(id, now));
    NodeRecord next = new NodeRecord(id, q.stream().orElse(old.stream()), q.basearch().orElse(old.arch()),
        q.group().orElse(old.group().isEmpty() ? "default" : old.group()), q.platform().orElse(old.platform()),
        q.osVersion().orElse(old.bootedVersion()), q.osChecksum().orElse(old.bootedChecksum()), old.stagedVersion(),
        old.state(), old.lastError(), old.rollbacks(), old.firstSeenMillis(), now, old.lastReportMillis());
    boolean same = current.isPresent() && sameButSeen(old, next) && now - old.lastSeenMillis() < SEEN_RESOLUTION_MS;
    if (!same) {
      store.put(Table.NODES, id, next);
    }
  }

  private static boolean sameButSeen(NodeRecord a, NodeRecord b) {
    return a.stream().equals(b.stream()) && a.arch().equals(b.arch()) && a.group().equals(b.group())
        && a.platform().equals(b.platform()) && a.bootedVersion().equals(b.bootedVersion())
        && a.bootedChecksum().equals(b.bootedChecksum());
  }

  public NodeRecord report(NodeReport r) throws BackendException {
    long now = clock.millis();
    NodeRecord old = store.get(Table.NODES, r.nodeUuid()).map(Versioned::value)
        .orElse(NodeRecord.first(r.nodeUuid(), now));
    var rollbacks = new ArrayList<>(old.rollbacks());
    for (NodeReport.Rollback rb : r.rollbacks()) {
      if (!rollbacks.contains(rb.fromVersion())) {
        rollbacks.add(rb.fromVersion());
      }
    }
    String stream = r.stream().isEmpty() ? old.stream() : r.stream();
    NodeRecord next = new NodeRecord(old.id(), stream, old.arch(), r.group().isEmpty() ? old.group() : r.group(),
        old.platform(), r.bootedVersion().isEmpty() ? old.bootedVersion() : r.bootedVersion(),
        r.bootedChecksum().isEmpty() ? old.bootedChecksum() : r.bootedChecksum(), r.stagedVersion(), r.state(),
        r.lastError(), rollbacks, old.firstSeenMillis(), now, now);
    store.put(Table.NODES, old.id(), next);
    for (NodeReport.Rollback rb : r.rollbacks()) {
      loop.failure(stream, rb.fromVersion(), old.id(), "rolled back to " + rb.toVersion()
          + (r.lastError().isEmpty() ? "" : ": " + r.lastError()));
    }
    if ("failed".equals(r.state()) && !r.stagedVersion().isEmpty()) {
      loop.failure(stream, r.stagedVersion(), old.id(), r.lastError().isEmpty() ? "failed" : r.lastError());
    }
    return next;
  }

  public List<NodeRecord> nodes() throws BackendException {
    return store.list(Table.NODES).stream().map(Versioned::value).toList();
  }

  public boolean stale(NodeRecord node) {
    return clock.millis() - Math.max(node.lastSeenMillis(), node.lastReportMillis()) > staleAfter.toMillis();
  }
}
