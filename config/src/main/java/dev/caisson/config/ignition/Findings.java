package dev.caisson.config.ignition;

import dev.caisson.config.Problem;
import java.util.ArrayList;
import java.util.List;

/** The problems a validation pass collects, each at a JSON path (positions are added later). */
final class Findings {
  private final List<Problem> problems = new ArrayList<>();

  void error(String path, String message) {
    problems.add(Problem.error(path, 0, 0, message));
  }

  void warning(String path, String message) {
    problems.add(Problem.warning(path, 0, 0, message));
  }

  List<Problem> all() {
    return problems;
  }
}
