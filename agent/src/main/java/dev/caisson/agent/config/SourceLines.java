package dev.caisson.agent.config;

import java.util.List;

/**
 * Finds the line a dotted key was written on, for error messages: it follows {@code [table]} and
 * {@code [[array]]} headers and dotted keys; 0 when it cannot tell.
 */
final class SourceLines {
  private final List<String> lines;

  SourceLines(String text) {
    this.lines = text.lines().toList();
  }

  /** @param arrayIndex which {@code [[...]]} table the key is in, or -1 */
  int lineOf(String dottedKey, int arrayIndex) {
    String table = "";
    int seen = -1;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (l.startsWith("[[") && l.contains("]]")) {
        table = unquote(l.substring(2, l.indexOf("]]")));
        seen++;
        if (dottedKey.equals(table) && (arrayIndex < 0 || seen == arrayIndex)) {
          return i + 1;
        }
        continue;
      }
      if (l.startsWith("[") && l.contains("]")) {
        table = unquote(l.substring(1, l.indexOf(']')));
        continue;
      }
      int eq = l.indexOf('=');
      if (eq <= 0 || l.startsWith("#")) {
        continue;
      }
      String key = unquote(l.substring(0, eq));
      String full = table.isEmpty() ? key : table + "." + key;
      boolean inArray = arrayIndex < 0 || seen == arrayIndex;
      if (full.equals(dottedKey) && inArray) {
        return i + 1;
      }
    }
    return 0;
  }

  private static String unquote(String s) {
    return s.replace("\"", "").replace("'", "").replace(" ", "").strip();
  }
}
