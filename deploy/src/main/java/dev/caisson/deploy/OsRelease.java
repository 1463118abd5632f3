package dev.caisson.deploy;

import java.util.Optional;

/** Reads fields of an os-release file (shell-style {@code KEY="value"} lines). */
final class OsRelease {
  private OsRelease() {}

  static Optional<String> prettyName(String text) {
    return field(text, "PRETTY_NAME").or(() -> field(text, "NAME"));
  }

  static Optional<String> field(String text, String key) {
    for (String line : text.split("\n")) {
      if (line.startsWith(key + "=")) {
        String v = line.substring(key.length() + 1).strip();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
          v = v.substring(1, v.length() - 1);
        }
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
