package dev.caisson.server.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WarinessTest {
  @ParameterizedTest
  @CsvSource({"0.5,0.5", "0,0", "0.000000,0", "-3,0", "7,1", "1.0,1"})
  void explicitValueIsClamped(String given, double expected) {
    assertThat(Wariness.of(Optional.of(given), Optional.of("abc"))).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void unparsableExplicitFallsBackToTheNode() {
    assertThat(Wariness.of(Optional.of("soon"), Optional.of("abc"))).isEqualTo(Wariness.fromUuid("abc"));
  }

  @org.junit.jupiter.api.Test
  void stablePerNodeAndDifferentAcrossNodes() {
    String a = "c988d2509fdf5cdcbed39037c56406fb";
    assertThat(Wariness.of(Optional.empty(), Optional.of(a))).isEqualTo(Wariness.fromUuid(a));
    assertThat(Wariness.fromUuid(a)).isNotEqualTo(Wariness.fromUuid("d988d2509fdf5cdcbed39037c56406fb"));
    assertThat(Wariness.fromUuid("")).isBetween(Wariness.MIN_COMPUTED, 1.0);
  }

  @org.junit.jupiter.api.Test
  void uniformOverTenBuckets() {
    var random = new Random(42);
    int[] buckets = new int[10];
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      String uuid = String.format("%016x%016x", random.nextLong(), random.nextLong());
      double w = Wariness.of(Optional.empty(), Optional.of(uuid));
      assertThat(w).isBetween(Wariness.MIN_COMPUTED, 1.0);
      buckets[(int) Math.min(9, w * 10)]++;
    }
    double chi2 = 0;
    for (int b : buckets) {
      chi2 += Math.pow(b - n / 10.0, 2) / (n / 10.0);
    }
    assertThat(chi2).as("chi-square, 9 degrees of freedom, p=0.001 critical 27.9").isLessThan(27.9);
  }
}
