package dev.caisson.server.store;

/** Why and since when (epoch ms) a rollout is halted; {@code automatic} when the failure reports halted it. */
public record Pause(String reason, boolean automatic, long sinceMillis) {
  public Pause {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a pause needs a reason");
    }
  }
}
