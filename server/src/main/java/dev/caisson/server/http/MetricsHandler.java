package dev.caisson.server.http;

import dev.caisson.server.fleet.Inventory;
import dev.caisson.server.fleet.Releases;
import dev.caisson.server.lock.RebootLocks;
import dev.caisson.server.store.BackendException;
import dev.caisson.server.store.NodeRecord;
import java.util.Map;
import java.util.TreeMap;

/** {@code GET /metrics}: Prometheus text format 0.0.4; counters from {@link ServerMetrics}, gauges read now. */
final class MetricsHandler {
  private static final Map<String, String> HELP = Map.of(
      "caisson_requests_total", "HTTP requests by endpoint and status code.",
      "caisson_graph_serves_total", "Update graphs served, by stream, arch and whether they held an edge.",
      "caisson_fleetlock_requests_total", "FleetLock requests by API and result kind.",
      "caisson_reports_total", "Node reports by state.",
      "caisson_admin_actions_total", "Admin API actions.");

  private final ServerMetrics metrics;
  private final RebootLocks locks;
  private final Inventory inventory;
  private final Releases releases;

  MetricsHandler(ServerMetrics metrics, RebootLocks locks, Inventory inventory, Releases releases) {
    this.metrics = metrics;
    this.locks = locks;
    this.inventory = inventory;
    this.releases = releases;
  }

  void handle(Exchange ex) throws BackendException {
    var out = new StringBuilder();
    String family = "";
    for (var e : metrics.snapshot().entrySet()) {
      String name = e.getKey().substring(0, e.getKey().indexOf('{'));
      if (!name.equals(family)) {
        family = name;
        out.append("# HELP ").append(name).append(' ').append(HELP.getOrDefault(name, name)).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
      }
      out.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
    }
    gauge(out, "caisson_lock_slots", "Slots per configured reboot group.");
    locks.policy().groups().forEach((name, g) -> out.append("caisson_lock_slots{group=\"")
        .append(ServerMetrics.label(name)).append("\"} ").append(g.slots()).append('\n'));
    gauge(out, "caisson_locks_held", "Reboot lock slots held, per group.");
    var held = new TreeMap<String, Integer>();
    locks.policy().groups().keySet().forEach(g -> held.put(g, 0));
    for (var v : locks.held()) {
      held.put(v.key(), v.value().holders().size());
    }
    held.forEach((g, n) -> out.append("caisson_locks_held{group=\"").append(ServerMetrics.label(g)).append("\"} ")
        .append(n).append('\n'));
    gauge(out, "caisson_nodes", "Known nodes by stream, booted version, state and staleness.");
    var nodes = new TreeMap<String, Integer>();
    for (NodeRecord n : inventory.nodes()) {
      String key = "stream=\"" + ServerMetrics.label(n.stream()) + "\",version=\""
          + ServerMetrics.label(n.bootedVersion()) + "\",state=\"" + ServerMetrics.label(n.state())
          + "\",stale=\"" + inventory.stale(n) + "\"";
      nodes.merge(key, 1, Integer::sum);
    }
    nodes.forEach((k, n) -> out.append("caisson_nodes{").append(k).append("} ").append(n).append('\n'));
    gauge(out, "caisson_rollout_paused", "1 for each paused rollout, by stream, version and whether it paused itself.");
    int paused = 0;
    for (var s : releases.streams()) {
      for (var r : s.releases()) {
        if (r.pause().isPresent()) {
          paused++;
          out.append("caisson_rollout_paused{stream=\"").append(ServerMetrics.label(s.name()))
              .append("\",version=\"").append(ServerMetrics.label(r.version())).append("\",automatic=\"")
              .append(r.pause().get().automatic()).append("\"} 1\n");
        }
      }
    }
    gauge(out, "caisson_rollout_pauses", "Rollouts paused now, over all streams.");
    out.append("caisson_rollout_pauses ").append(paused).append('\n');
    ex.text(200, "text/plain; version=0.0.4; charset=utf-8", out.toString());
  }

  private static void gauge(StringBuilder out, String name, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
  }
}
