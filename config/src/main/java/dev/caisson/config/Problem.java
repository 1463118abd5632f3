package dev.caisson.config;

import java.util.Objects;

/**
 * One finding about a config.
 *
 * @param severity how bad it is
 * @param path the JSONPath-like location in the source document ({@code $.storage.files.0.path}),
 *     using the source's own key spelling (snake_case for Butane, camelCase for Ignition)
 * @param line 1-based line in the source, or 0 when unknown
 * @param column 1-based column in the source, or 0 when unknown
 * @param message what is wrong and, where possible, what to do about it
 */
public record Problem(Severity severity, String path, int line, int column, String message) {
  public Problem {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("negative position " + line + ":" + column);
    }
  }

  public static Problem error(String path, int line, int column, String message) {
    return new Problem(Severity.ERROR, path, line, column, message);
  }

  public static Problem warning(String path, int line, int column, String message) {
    return new Problem(Severity.WARNING, path, line, column, message);
  }

  public boolean hasPosition() {
    return line > 0;
  }

  /** Butane's one-line form: {@code error at $.a.b, line 5 col 13: message}. */
  @Override
  public String toString() {
    var where = hasPosition() ? ", line " + line + " col " + column : "";
    return severity.word() + " at " + path + where + ": " + message;
  }
}
