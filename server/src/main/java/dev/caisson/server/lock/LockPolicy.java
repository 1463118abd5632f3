package dev.caisson.server.lock;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The lock configuration: named groups; the group {@code default} with 1 slot unless configured, as in airlock;
 * other groups refused unless {@code allowAnyGroup} (then they get {@code defaultSlots}); an optional TTL after
 * which a holder's slot is taken back (off by default: a failed node keeps its slot, which stops a bad release).
 * Slots are read from here at every request: a configuration change applies at once.
 */
public record LockPolicy(Map<String, GroupPolicy> groups, int defaultSlots, boolean allowAnyGroup,
    Optional<Duration> ttl) {
  public static final String DEFAULT_GROUP = "default";

  public LockPolicy {
    var all = new TreeMap<>(groups);
    all.putIfAbsent(DEFAULT_GROUP, new GroupPolicy(DEFAULT_GROUP, defaultSlots, ZoneOffset.UTC, List.of()));
    groups = Map.copyOf(all);
    if (defaultSlots < 1) {
      throw new IllegalArgumentException("default_slots must be at least 1");
    }
  }

  public static LockPolicy defaults() {
    return new LockPolicy(Map.of(), 1, false, Optional.empty());
  }

  public Optional<GroupPolicy> group(String name) {
    GroupPolicy g = groups.get(name);
    if (g == null && allowAnyGroup && name.matches("[a-zA-Z0-9.-]+")) {
      g = new GroupPolicy(name, defaultSlots, ZoneOffset.UTC, List.of());
    }
    return Optional.ofNullable(g);
  }
}
