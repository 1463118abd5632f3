package dev.caisson.agent.strategy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Maintenance windows as intervals of minutes since Monday 00:00 local time, as Zincati keeps them;
 * an interval that runs past the end of Sunday is split in two, its tail starting at Monday 00:00.
 */
public final class WeeklySchedule {
  /** Half-open {@code [start, end)} in minutes of the week. */
  record Interval(int start, int end) {}

  private final List<Interval> intervals;
  private final ZoneId zone;

  public WeeklySchedule(List<WeeklyWindow> windows, ZoneId zone) {
    this.zone = zone;
    var list = new ArrayList<Interval>();
    for (WeeklyWindow w : windows) {
      for (DayOfWeek d : w.days()) {
        int start = (d.getValue() - 1) * 1440 + w.start().getHour() * 60 + w.start().getMinute();
        long end = (long) start + w.lengthMinutes();
        if (w.lengthMinutes() >= WeeklyWindow.WEEK_MINUTES) {
          list.add(new Interval(0, WeeklyWindow.WEEK_MINUTES));
        } else if (end <= WeeklyWindow.WEEK_MINUTES) {
          list.add(new Interval(start, (int) end));
        } else {
          list.add(new Interval(start, WeeklyWindow.WEEK_MINUTES));
          list.add(new Interval(0, (int) (end - WeeklyWindow.WEEK_MINUTES)));
        }
      }
    }
    list.sort(Comparator.comparingInt(Interval::start));
    this.intervals = List.copyOf(list);
  }

  public ZoneId zone() {
    return zone;
  }

  /** The minute of the week (0 = Monday 00:00) an instant falls in, in this schedule's zone. */
  public int minuteOfWeek(Instant t) {
    ZonedDateTime z = t.atZone(zone);
    return (z.getDayOfWeek().getValue() - 1) * 1440 + z.getHour() * 60 + z.getMinute();
  }

  public boolean isOpen(Instant t) {
    return isOpenAt(minuteOfWeek(t));
  }

  boolean isOpenAt(int minute) {
    for (Interval i : intervals) {
      if (minute >= i.start() && minute < i.end()) {
        return true;
      }
    }
    return false;
  }

  /**
   * How long until a window is open: zero when one is open now; empty with no windows. Counted in
   * wall-clock minutes of the week, so a daylight-saving shift can move it by an hour.
   */
  public java.util.Optional<Duration> untilOpen(Instant t) {
    if (intervals.isEmpty()) {
      return java.util.Optional.empty();
    }
    int now = minuteOfWeek(t);
    if (isOpenAt(now)) {
      return java.util.Optional.of(Duration.ZERO);
    }
    int best = Integer.MAX_VALUE;
    for (Interval i : intervals) {
      int wait = Math.floorMod(i.start() - now, WeeklyWindow.WEEK_MINUTES);
      best = Math.min(best, wait);
    }
    int seconds = t.atZone(zone).getSecond();
    return java.util.Optional.of(Duration.ofMinutes(best).minusSeconds(seconds));
  }

  /** The total open minutes per week (overlaps counted once). */
  public int openMinutes() {
    int total = 0;
    for (int m = 0; m < WeeklyWindow.WEEK_MINUTES; m++) {
      total += isOpenAt(m) ? 1 : 0;
    }
    return total;
  }
}
