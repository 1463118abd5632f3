package dev.caisson.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** All problems found in one config, in source order. Immutable. */
public record Report(List<Problem> problems) {
  public static final Report EMPTY = new Report(List.of());

  public Report {
    problems = List.copyOf(problems);
  }

  public boolean hasErrors() {
    return problems.stream().anyMatch(p -> p.severity() == Severity.ERROR);
  }

  public boolean hasWarnings() {
    return problems.stream().anyMatch(p -> p.severity() == Severity.WARNING);
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  /** This report followed by {@code other}'s problems. */
  public Report plus(Report other) {
    var all = new ArrayList<>(problems);
    all.addAll(other.problems);
    return new Report(all);
  }

  /** The problems sorted by position (unknown positions last), then severity; duplicates removed. */
  public Report sorted() {
    var order = Comparator.comparingInt((Problem p) -> p.line() == 0 ? Integer.MAX_VALUE : p.line())
        .thenComparingInt(Problem::column)
        .thenComparing(Problem::severity);
    return new Report(problems.stream().distinct().sorted(order).toList());
  }
}
