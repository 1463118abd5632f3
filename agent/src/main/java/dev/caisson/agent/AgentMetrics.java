package dev.caisson.agent;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The agent's metrics in Prometheus text format, named after Zincati's ({@code zincati_X} becomes
 * {@code caisson_X}). Label values are bounded (states, APIs, error kinds).
 */
public final class AgentMetrics {
  private record Family(String type, String help, Map<String, Double> series) {}

  private final Map<String, Family> families = new LinkedHashMap<>();

  public AgentMetrics() {
    define("caisson_update_agent_updates_enabled", "gauge", "Whether auto-updates are enabled (1) or not (0).");
    define("caisson_update_agent_state", "gauge", "The agent's state: 1 for the current one.");
    define("caisson_update_agent_latest_state_change", "gauge", "Unix time of the latest state change.");
    define("caisson_update_agent_last_refresh_timestamp", "gauge", "Unix time of the latest tick.");
    define("caisson_update_agent_finalization_postponed_total", "counter",
        "Reboots postponed because of interactive sessions.");
    define("caisson_update_agent_deploy_attempts_total", "counter", "Attempts to stage an update.");
    define("caisson_update_agent_deploy_failures_total", "counter", "Failed attempts to stage an update.");
    define("caisson_update_agent_paused", "gauge", "1 while updates are paused on this node.");
    define("caisson_cincinnati_update_checks_total", "counter", "Update checks against the graph.");
    define("caisson_cincinnati_update_checks_errors_total", "counter", "Failed update checks, by kind.");
    define("caisson_cincinnati_graph_nodes_count", "gauge", "Nodes in the latest graph.");
    define("caisson_cincinnati_graph_edges_count", "gauge", "Edges in the latest graph.");
    define("caisson_cincinnati_update_targets_ignored_count", "gauge", "Targets dropped by the denylist.");
    define("caisson_cincinnati_booted_release_is_deadend", "gauge", "1 when the booted release is a dead-end.");
    define("caisson_strategy_fleet_lock_requests_total", "counter", "FleetLock requests, by API.");
    define("caisson_strategy_fleet_lock_errors_total", "counter", "FleetLock requests that did not succeed.");
    define("caisson_identity_rollout_wariness", "gauge", "The configured rollout wariness (-1 when unset).");
    define("caisson_health_check_failures_total", "counter", "Boots of an update whose health checks failed.");
    define("caisson_rollbacks_total", "counter", "Rollbacks to the previous deployment seen at start.");
  }

  private void define(String name, String type, String help) {
    families.put(name, new Family(type, help, new TreeMap<>()));
  }

  public synchronized void inc(String name, String labels) {
    families.get(name).series().merge(labels, 1.0, Double::sum);
  }

  public synchronized void set(String name, String labels, double value) {
    families.get(name).series().put(labels, value);
  }

  public synchronized void clear(String name) {
    families.get(name).series().clear();
  }

  public synchronized double value(String name, String labels) {
    return families.get(name).series().getOrDefault(labels, 0.0);
  }

  public synchronized String render() {
    var sb = new StringBuilder();
    for (var e : families.entrySet()) {
      sb.append("# HELP ").append(e.getKey()).append(' ').append(e.getValue().help()).append('\n');
      sb.append("# TYPE ").append(e.getKey()).append(' ').append(e.getValue().type()).append('\n');
      for (var s : e.getValue().series().entrySet()) {
        sb.append(e.getKey());
        if (!s.getKey().isEmpty()) {
          sb.append('{').append(s.getKey()).append('}');
        }
        double v = s.getValue();
        sb.append(' ').append(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
            : String.format(Locale.ROOT, "%s", v)).append('\n');
      }
    }
    return sb.toString();
  }

  /** {@code key="value"} with the value escaped. */
  public static String label(String key, String value) {
    return key + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
