package dev.caisson.agent.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WeeklyScheduleTest {
  /** The definition, minute by minute: open when some day's start plus k (k < length) lands on the minute. */
  static boolean bruteForce(List<WeeklyWindow> windows, int minuteOfWeek) {
    for (WeeklyWindow w : windows) {
      for (DayOfWeek d : w.days()) {
        int start = (d.getValue() - 1) * 1440 + w.start().getHour() * 60 + w.start().getMinute();
        for (int k = 0; k < w.lengthMinutes(); k++) {
          if ((start + k) % WeeklyWindow.WEEK_MINUTES == minuteOfWeek) {
            return true;
          }
        }
      }
    }
    return false;
  }

  static List<WeeklyWindow> randomWindows(Random r) {
    var list = new ArrayList<WeeklyWindow>();
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      var days = EnumSet.noneOf(DayOfWeek.class);
      int nd = 1 + r.nextInt(3);
      for (int j = 0; j < nd; j++) {
        days.add(DayOfWeek.of(1 + r.nextInt(7)));
      }
      // lengths up to two days, so windows often cross midnight and the end of the week
      int len = 1 + (r.nextInt(4) == 0 ? r.nextInt(2880) : r.nextInt(240));
      list.add(new WeeklyWindow(days, LocalTime.of(r.nextInt(24), r.nextInt(60)), len));
    }
    return list;
  }

  @Test
  void agreesWithTheMinuteByMinuteDefinitionOnRandomWindowsAndInstants() {
    Random r = new Random(20261203);
    ZoneId zone = ZoneId.of("Europe/Berlin");
    for (int round = 0; round < 300; round++) {
      List<WeeklyWindow> windows = randomWindows(r);
      var schedule = new WeeklySchedule(windows, zone);
      for (int probe = 0; probe < 200; probe++) {
        Instant t = Instant.ofEpochSecond(1_700_000_000L + (long) (r.nextDouble() * 400 * 86400));
        int m = schedule.minuteOfWeek(t);
        assertThat(schedule.isOpen(t)).as("round %d, %s at minute %d of %s", round, t, m, windows)
            .isEqualTo(bruteForce(windows, m));
      }
    }
  }

  @Test
  void everyMinuteOfTheWeekAgreesForWindowsCrossingTheWeekEnd() {
    Random r = new Random(7);
    for (int round = 0; round < 40; round++) {
      int len = 1 + r.nextInt(3000);
      var w = List.of(new WeeklyWindow(Set.of(DayOfWeek.SUNDAY), LocalTime.of(r.nextInt(24), r.nextInt(60)), len));
      var schedule = new WeeklySchedule(w, ZoneOffset.UTC);
      for (int m = 0; m < WeeklyWindow.WEEK_MINUTES; m++) {
        assertThat(schedule.isOpenAt(m)).as("len %d minute %d", len, m).isEqualTo(bruteForce(w, m));
      }
    }
  }

  @Test
  void sundayNightWindowRunsIntoMonday() {
    var w = new WeeklySchedule(List.of(new WeeklyWindow(Set.of(DayOfWeek.SUNDAY), LocalTime.of(23, 0), 120)),
        ZoneOffset.UTC);
    // 2026-12-06 is a Sunday
    assertThat(w.isOpen(at("2026-12-06T22:59"))).isFalse();
    assertThat(w.isOpen(at("2026-12-06T23:00"))).isTrue();
    assertThat(w.isOpen(at("2026-12-07T00:59"))).isTrue();
    assertThat(w.isOpen(at("2026-12-07T01:00"))).isFalse();
    assertThat(w.openMinutes()).isEqualTo(120);
  }

  @Test
  void theTimeZoneDecidesWhenAWindowIsOpen() {
    var windows = List.of(new WeeklyWindow(Set.of(DayOfWeek.SATURDAY), LocalTime.of(2, 0), 60));
    var tokyo = new WeeklySchedule(windows, ZoneId.of("Asia/Tokyo"));
    var utc = new WeeklySchedule(windows, ZoneOffset.UTC);
    // Saturday 02:30 in Tokyo is Friday 17:30 UTC
    Instant t = at("2026-12-04T17:30");
    assertThat(tokyo.isOpen(t)).isTrue();
    assertThat(utc.isOpen(t)).isFalse();
  }

  @Test
  void untilOpenCountsToTheNextStartAcrossTheWeekEnd() {
    var w = new WeeklySchedule(List.of(new WeeklyWindow(Set.of(DayOfWeek.MONDAY), LocalTime.of(1, 0), 30)),
        ZoneOffset.UTC);
    assertThat(w.untilOpen(at("2026-12-06T23:00"))).hasValue(Duration.ofHours(2));
    assertThat(w.untilOpen(at("2026-12-07T01:10"))).hasValue(Duration.ZERO);
    assertThat(w.untilOpen(at("2026-12-07T01:30"))).hasValue(Duration.ofMinutes(7 * 1440 - 30));
    assertThat(new WeeklySchedule(List.of(), ZoneOffset.UTC).untilOpen(Instant.EPOCH)).isEmpty();
  }

  static Instant at(String utc) {
    return LocalDateTime.parse(utc).toInstant(ZoneOffset.UTC);
  }
}
