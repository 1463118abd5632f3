package dev.caisson.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deployment's {@code .origin} file: a GLib key file, such as {@code [origin] refspec=remote:ref}.
 * Groups and keys keep their order so that a file we did not write survives a round trip.
 */
public record OriginFile(Map<String, Map<String, String>> groups) {
  public OriginFile {
    var copy = new LinkedHashMap<String, Map<String, String>>();
    groups.forEach((g, kv) -> copy.put(g, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(kv))));
    groups = java.util.Collections.unmodifiableMap(copy);
  }

  public static OriginFile forRefspec(String refspec) {
    return new OriginFile(Map.of("origin", Map.of("refspec", refspec)));
  }

  /** Parses key-file text; groups and keys keep their order. */
  public static OriginFile parse(String text) {
    return new OriginFile(dev.caisson.store.KeyFile.parse(text).groups());
  }

  public String get(String group, String key) {
    Map<String, String> g = groups.get(group);
    return g == null ? null : g.get(key);
  }

  /** The refspec this deployment follows, or null for a pinned checksum. */
  public String refspec() {
    return get("origin", "refspec");
  }

  public OriginFile with(String group, String key, String value) {
    var copy = new LinkedHashMap<String, Map<String, String>>();
    groups.forEach((g, kv) -> copy.put(g, new LinkedHashMap<>(kv)));
    copy.computeIfAbsent(group, g -> new LinkedHashMap<>()).put(key, value);
    return new OriginFile(copy);
  }

  /** A copy without {@code key} in {@code group}; the group goes too when it becomes empty. */
  public OriginFile without(String group, String key) {
    var copy = new LinkedHashMap<String, Map<String, String>>();
    groups.forEach((g, kv) -> copy.put(g, new LinkedHashMap<>(kv)));
    Map<String, String> g = copy.get(group);
    if (g != null) {
      g.remove(key);
      if (g.isEmpty()) {
        copy.remove(group);
      }
    }
    return new OriginFile(copy);
  }

  public String render() {
    var sb = new StringBuilder();
    groups.forEach(
        (g, kv) -> {
          if (sb.length() > 0) {
            sb.append('\n');
          }
          sb.append('[').append(g).append("]\n");
          kv.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        });
    return sb.toString();
  }
}
