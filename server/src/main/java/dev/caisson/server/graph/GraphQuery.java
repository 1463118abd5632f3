package dev.caisson.server.graph;

import java.util.Map;
import java.util.Optional;

/** The parameters of {@code GET /v1/graph}, as Zincati sends them; blank values count as absent. */
public record GraphQuery(Optional<String> basearch, Optional<String> stream, Optional<String> nodeUuid,
    Optional<String> osVersion, Optional<String> osChecksum, Optional<String> group, Optional<String> rolloutWariness,
    Optional<String> platform) {

  public static GraphQuery of(Map<String, String> params) {
    return new GraphQuery(get(params, "basearch"), get(params, "stream"), get(params, "node_uuid"),
        get(params, "os_version"), get(params, "os_checksum"), get(params, "group"), get(params, "rollout_wariness"),
        get(params, "platform"));
  }

  private static Optional<String> get(Map<String, String> params, String name) {
    return Optional.ofNullable(params.get(name)).map(String::strip).filter(s -> !s.isEmpty());
  }
}
