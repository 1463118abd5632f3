package dev.caisson.compose;

import dev.caisson.config.Problem;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/** A manifest that cannot be used: every problem, each with the file, line and column. */
public final class ManifestException extends IOException {
  private final List<Problem> problems;

  public ManifestException(String file, List<Problem> problems) {
    super(problems.stream().map(p -> file + ":" + p.line() + ":" + p.column() + ": " + p.message())
        .collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
