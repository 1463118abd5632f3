package dev.caisson.server.store;

import java.util.List;

/**
 * What the server knows of one node, from its graph requests and its reports. Strings are empty when unknown.
 * {@code rollbacks} lists the versions the node rolled back from, oldest first.
 */
public record NodeRecord(String id, String stream, String arch, String group, String platform, String bootedVersion,
    String bootedChecksum, String stagedVersion, String state, String lastError, List<String> rollbacks,
    long firstSeenMillis, long lastSeenMillis, long lastReportMillis) {
  public NodeRecord {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("a node needs an id");
    }
    rollbacks = List.copyOf(rollbacks);
  }

  public static NodeRecord first(String id, long nowMillis) {
    return new NodeRecord(id, "", "", "", "", "", "", "", "", "", List.of(), nowMillis, nowMillis, 0);
  }
}
