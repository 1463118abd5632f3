package dev.caisson.server.lock;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** One reboot group: its slots, and the maintenance windows (in a time zone) outside of which no lock is granted. */
public record GroupPolicy(String name, int slots, ZoneId zone, List<Window> windows) {
  public GroupPolicy {
    if (!name.matches("[a-zA-Z0-9.-]+")) {
      throw new IllegalArgumentException("group names match [a-zA-Z0-9.-]+: " + name);
    }
    if (slots < 1) {
      throw new IllegalArgumentException("group " + name + " needs at least 1 slot");
    }
    windows = List.copyOf(windows);
  }

  /** Locks may be granted now: no windows, or inside one. */
  public boolean open(Instant now) {
    return windows.isEmpty() || windows.stream().anyMatch(w -> w.contains(now.atZone(zone)));
  }
}
