package dev.caisson.agent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the agent keeps across reboots, in {@code /var/lib/caisson/agent/state.json}.
 *
 * @param denylist payload checksum → version of every release that failed on this node; never
 *     targeted again
 * @param pending the release the node rebooted into, to be checked at the next start
 * @param attempts failed deploy attempts per payload checksum (Zincati gives up after 12)
 * @param holdLock a release failed here: keep the FleetLock slot so the fleet stops rolling
 * @param paused {@code caisson update pause}: neither stage nor reboot
 */
public record PersistedState(Map<String, String> denylist, Optional<Pending> pending, Map<String, Integer> attempts,
    boolean holdLock, boolean paused) {
  public PersistedState {
    denylist = Map.copyOf(denylist);
    attempts = Map.copyOf(attempts);
  }

  /** The release the node rebooted into, and the version it came from. */
  public record Pending(String checksum, String version, String fromVersion) {}

  public static PersistedState empty() {
    return new PersistedState(Map.of(), Optional.empty(), Map.of(), false, false);
  }

  public PersistedState deny(String checksum, String version) {
    var d = new LinkedHashMap<>(denylist);
    d.put(checksum, version);
    return new PersistedState(d, pending, attempts, holdLock, paused);
  }

  public PersistedState withPending(Optional<Pending> p) {
    return new PersistedState(denylist, p, attempts, holdLock, paused);
  }

  public PersistedState withAttempts(String checksum, int n) {
    var a = new LinkedHashMap<>(attempts);
    if (n == 0) {
      a.remove(checksum);
    } else {
      a.put(checksum, n);
    }
    return new PersistedState(denylist, pending, a, holdLock, paused);
  }

  public PersistedState withHoldLock(boolean h) {
    return new PersistedState(denylist, pending, attempts, h, paused);
  }

  public PersistedState withPaused(boolean p) {
    return new PersistedState(denylist, pending, attempts, holdLock, p);
  }
}
