package dev.caisson.server.store;

/**
 * Nebraska's rollout policy: at most {@code maxPerPeriod} grants within {@code periodMinutes}, and at most
 * {@code maxInProgress} nodes granted within {@code timeoutMinutes} that have not yet booted the release.
 */
public record RateLimit(int maxPerPeriod, long periodMinutes, int maxInProgress, long timeoutMinutes) {
  public RateLimit {
    if (maxPerPeriod < 1 || periodMinutes < 1 || maxInProgress < 1 || timeoutMinutes < 1) {
      throw new IllegalArgumentException("rate limits must be at least 1");
    }
  }
}
