package dev.caisson.store;

import java.util.LinkedHashMap;
import java.util.Map;

/** A GLib key file ({@code [group]} then {@code key=value} lines), as repository configs are. */
public record KeyFile(Map<String, Map<String, String>> groups) {
  public static KeyFile parse(String text) {
    var groups = new LinkedHashMap<String, Map<String, String>>();
    Map<String, String> current = null;
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        current = groups.computeIfAbsent(line.substring(1, line.length() - 1), g -> new LinkedHashMap<>());
      } else if (current != null && line.indexOf('=') > 0) {
        int eq = line.indexOf('=');
        current.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    return new KeyFile(groups);
  }

  public String get(String group, String key) {
    Map<String, String> g = groups.get(group);
    return g == null ? null : g.get(key);
  }
}
