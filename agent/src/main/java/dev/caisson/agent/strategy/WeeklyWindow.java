package dev.caisson.agent.strategy;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code [[updates.periodic.window]]}: on each of {@code days}, a window opening at {@code start}
 * for {@code lengthMinutes} (it may run into the next day, and past Sunday into Monday).
 */
public record WeeklyWindow(Set<DayOfWeek> days, LocalTime start, int lengthMinutes) {
  public static final int WEEK_MINUTES = 7 * 24 * 60;

  public WeeklyWindow {
    if (days.isEmpty()) {
      throw new IllegalArgumentException("a window needs at least one day");
    }
    if (lengthMinutes <= 0) {
      throw new IllegalArgumentException("length_minutes must be positive");
    }
    days = Set.copyOf(EnumSet.copyOf(days));
    start = start.withSecond(0).withNano(0);
  }
}
