package dev.caisson.server.store;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the fleet did with one release (key {@code stream/version}): grants handed out under a rate limit
 * (node → epoch ms), the nodes that booted it ({@code takers}), and the nodes that failed on it or rolled back
 * from it (node → what they said).
 */
public record RolloutRecord(Map<String, Long> grants, Set<String> takers, Map<String, String> failures) {
  public static final RolloutRecord EMPTY = new RolloutRecord(Map.of(), Set.of(), Map.of());

  public RolloutRecord {
    grants = new TreeMap<>(grants);
    takers = new TreeSet<>(takers);
    failures = new TreeMap<>(failures);
  }

  public static String key(String stream, String version) {
    return stream + "/" + version;
  }

  public RolloutRecord withGrant(String node, long atMillis) {
    var g = new TreeMap<>(grants);
    g.put(node, atMillis);
    return new RolloutRecord(g, takers, failures);
  }

  public RolloutRecord withTaker(String node) {
    var t = new TreeSet<>(takers);
    t.add(node);
    return new RolloutRecord(grants, t, failures);
  }

  public RolloutRecord withFailure(String node, String what) {
    var f = new TreeMap<>(failures);
    f.put(node, what);
    var t = new TreeSet<>(takers);
    t.add(node);
    return new RolloutRecord(grants, t, f);
  }
}
