package dev.caisson.server.lock;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Set;

/** A weekly maintenance window: on these days, from {@code start} for {@code lengthMinutes} (may cross midnight). */
public record Window(Set<DayOfWeek> days, LocalTime start, int lengthMinutes) {
  public Window {
    if (days.isEmpty()) {
      throw new IllegalArgumentException("a window needs at least one day");
    }
    if (lengthMinutes < 1 || lengthMinutes > 7 * 24 * 60) {
      throw new IllegalArgumentException("a window lasts 1 minute to 1 week: " + lengthMinutes);
    }
    days = Set.copyOf(EnumSet.copyOf(days));
  }

  /** True when {@code at} falls in a window opened on this day or on one of the days before. */
  public boolean contains(ZonedDateTime at) {
    for (int back = 0; back <= 7; back++) {
      ZonedDateTime day = at.minusDays(back);
      if (!days.contains(day.getDayOfWeek())) {
        continue;
      }
      ZonedDateTime open = day.truncatedTo(ChronoUnit.DAYS).with(start);
      if (!at.isBefore(open) && at.isBefore(open.plusMinutes(lengthMinutes))) {
        return true;
      }
    }
    return false;
  }
}
