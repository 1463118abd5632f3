package dev.caisson.config;

import java.util.List;
import java.util.Objects;

/**
 * A config's text with the name it was read from, kept so problems can quote the offending line.
 *
 * @param name what to call the source in messages: a file path, or {@code <stdin>}
 * @param text the whole document as read
 */
public record SourceText(String name, String text) {
  public SourceText {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(text, "text");
  }

  /** The 1-based line {@code n} without its line terminator, or an empty string past the end. */
  public String line(int n) {
    List<String> lines = text.lines().toList();
    return n >= 1 && n <= lines.size() ? lines.get(n - 1) : "";
  }
}
