package dev.caisson.server.graph;

import dev.caisson.server.store.Pause;
import dev.caisson.server.store.RateLimit;
import dev.caisson.server.store.Release;
import dev.caisson.server.store.Rollout;
import java.util.Map;
import java.util.Optional;

/** Test fixtures: releases written as one short expression each. */
final class Releases {
  private Releases() {}

  static String sum(String version) {
    String hex = Integer.toHexString(version.hashCode() & 0x7fffffff);
    return (hex + "0".repeat(64)).substring(0, 64);
  }

  /** A release in the index only (no rollout, no barrier): it gets no incoming edges. */
  static Release plain(String version) {
    return new Release(version, Map.of("x86_64", sum(version), "aarch64", sum(version + "a")), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0);
  }

  /** Fully rolled out (start value 1). */
  static Release out(String version) {
    return plain(version).withRollout(Optional.of(new Rollout(0, 1.0, Optional.empty())));
  }

  static Release rollout(String version, long start, double v0, long minutes) {
    return plain(version).withRollout(Optional.of(new Rollout(start, v0, Optional.of(minutes))));
  }

  static Release barrier(Release r) {
    return r.withBarrier(Optional.of("https://example.com/keys"));
  }

  static Release deadend(Release r) {
    return r.withDeadend(Optional.of("https://example.com/bug"));
  }

  static Release paused(Release r) {
    return r.withPause(Optional.of(new Pause("manual", false, 0)));
  }

  static Release x86Only(Release r) {
    return r.withPayloads(Map.of("x86_64", sum(r.version())));
  }

  static Release limited(Release r, int perPeriod, int inProgress) {
    return new Release(r.version(), r.payloads(), r.rollout(), r.barrier(), r.deadend(), r.pause(),
        Optional.of(new RateLimit(perPeriod, 60, inProgress, 30)), r.publishedMillis());
  }
}
