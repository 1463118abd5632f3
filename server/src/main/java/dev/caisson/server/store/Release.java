package dev.caisson.server.store;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One release on a stream: a version, its commit per architecture, and the update metadata of FCOS
 * ({@code rollout}, {@code barrier}, {@code deadend}) plus what Caisson adds (a pause, a rate limit).
 */
public record Release(String version, Map<String, String> payloads, Optional<Rollout> rollout, Optional<String> barrier,
    Optional<String> deadend, Optional<Pause> pause, Optional<RateLimit> rateLimit, long publishedMillis) {
  public Release {
    if (version == null || !version.matches("[A-Za-z0-9._+~-]+")) {
      throw new IllegalArgumentException("bad version: " + version);
    }
    payloads = new TreeMap<>(payloads);
    for (var e : payloads.entrySet()) {
      if (!e.getValue().matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("payload for " + e.getKey() + " is not a commit checksum: " + e.getValue());
      }
    }
  }

  public Release withRollout(Optional<Rollout> r) {
    return new Release(version, payloads, r, barrier, deadend, pause, rateLimit, publishedMillis);
  }

  public Release withBarrier(Optional<String> b) {
    return new Release(version, payloads, rollout, b, deadend, pause, rateLimit, publishedMillis);
  }

  public Release withDeadend(Optional<String> d) {
    return new Release(version, payloads, rollout, barrier, d, pause, rateLimit, publishedMillis);
  }

  public Release withPause(Optional<Pause> p) {
    return new Release(version, payloads, rollout, barrier, deadend, p, rateLimit, publishedMillis);
  }

  public Release withPayloads(Map<String, String> p) {
    return new Release(version, p, rollout, barrier, deadend, pause, rateLimit, publishedMillis);
  }
}
