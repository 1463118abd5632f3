package dev.caisson.server.store;

import java.util.Optional;

/**
 * A time-based linear rollout (FCOS metadata): from {@code startValue} at {@code startEpoch} (unix seconds) to 1
 * after {@code durationMinutes}; without a duration it stays at {@code startValue}.
 */
public record Rollout(long startEpoch, double startValue, Optional<Long> durationMinutes) {
  public Rollout {
    if (!(startValue >= 0.0 && startValue <= 1.0)) {
      throw new IllegalArgumentException("start value must be within 0..1: " + startValue);
    }
    if (durationMinutes.isPresent() && durationMinutes.get() < 0) {
      throw new IllegalArgumentException("duration must not be negative: " + durationMinutes.get());
    }
  }

  /** The share of the fleet (by wariness) allowed to update at {@code now} (unix seconds), 0..1. */
  public double throttle(long nowEpoch) {
    if (durationMinutes.isEmpty()) {
      return nowEpoch < startEpoch ? 0.0 : startValue;
    }
    long end = startEpoch + 60 * Math.max(durationMinutes.get(), 1);
    if (nowEpoch < startEpoch) {
      return 0.0;
    }
    if (nowEpoch > end) {
      return 1.0;
    }
    return startValue + (1.0 - startValue) * (nowEpoch - startEpoch) / (double) (end - startEpoch);
  }
}
