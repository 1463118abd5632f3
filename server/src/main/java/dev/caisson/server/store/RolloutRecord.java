package dev.caisson.server.store;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the fleet did with one release (key {@code stream/version}): grants handed out under a rate limit
 * (node → epoch ms), and the nodes that failed on it or rolled back from it (node → what they said). Who took
 * the release is not kept here but read from the node records when it matters, so a polling fleet never
 * rewrites this record.
 */
public record RolloutRecord(Map<String, Long> grants, Map<String, String> failures) {
  public static final RolloutRecord EMPTY = new RolloutRecord(Map.of(), Map.of());

  public RolloutRecord {
    grants = new TreeMap<>(grants);
    failures = new TreeMap<>(failures);
  }

  public static String key(String stream, String version) {
    return stream + "/" + version;
  }

  public RolloutRecord withGrant(String node, long atMillis) {
    var g = new TreeMap<>(grants);
    g.put(node, atMillis);
    return new RolloutRecord(g, failures);
  }

  public RolloutRecord withFailure(String node, String what) {
    var f = new TreeMap<>(failures);
    f.put(node, what);
    return new RolloutRecord(grants, f);
  }
}
