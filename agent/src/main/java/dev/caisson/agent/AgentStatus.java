package dev.caisson.agent;

import java.util.List;
import java.util.Optional;

/**
 * What {@code caisson update status} shows: the state, the target, why the agent is waiting.
 *
 * @param state the state's label
 * @param reason why the agent is where it is (what it waits for)
 * @param target the version it works towards
 * @param booted the booted version
 * @param paused {@code caisson update pause} is in force
 * @param holdLock a failed release keeps the reboot lock held
 * @param denylisted versions never applied again
 * @param lastError the latest error, if any
 * @param updatedAt Unix time of this status
 */
public record AgentStatus(String state, String reason, Optional<String> target, String booted, boolean paused,
    boolean holdLock, List<String> denylisted, Optional<String> lastError, long updatedAt) {
  public AgentStatus {
    denylisted = List.copyOf(denylisted);
  }

  public String render() {
    var sb = new StringBuilder();
    sb.append("State: ").append(state).append('\n');
    sb.append("Booted: ").append(booted).append('\n');
    target.ifPresent(t -> sb.append("Target: ").append(t).append('\n'));
    sb.append("Reason: ").append(reason).append('\n');
    if (paused) {
      sb.append("Paused: yes (caisson update resume to go on)\n");
    }
    if (holdLock) {
      sb.append("Reboot lock: kept held after a failed update\n");
    }
    if (!denylisted.isEmpty()) {
      sb.append("Denylisted: ").append(String.join(", ", denylisted)).append('\n');
    }
    lastError.ifPresent(e -> sb.append("Last error: ").append(e).append('\n'));
    return sb.toString();
  }
}
