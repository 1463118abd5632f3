package dev.caisson.config.ignition;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Checks files, directories and links: absolute and clean paths, owners, modes, link targets,
 * one entry per path across the three lists, and no path through a symlink the config creates.
 */
final class NodeRules {
  private NodeRules() {}

  static void check(JsonNode storage, SpecVersion spec, Findings out) {
    Map<String, String> seen = new HashMap<>();
    Set<String> softLinks = new HashSet<>();
    Set<String> directories = new HashSet<>();
    for (JsonNode l : storage.path("links")) {
      if (!l.path("hard").asBoolean(false) && l.path("path").isTextual()) {
        softLinks.add(l.path("path").asText());
      }
    }
    for (JsonNode d : storage.path("directories")) {
      directories.add(d.path("path").asText(""));
    }
    for (String list : new String[] {"files", "directories", "links"}) {
      JsonNode entries = storage.path(list);
      for (int i = 0; i < entries.size(); i++) {
        JsonNode n = entries.get(i);
        String p = "$.storage." + list + "." + i;
        String path = n.path("path").asText(null);
        if (path == null) {
          out.error(p + ".path", "path is required");
          continue;
        }
        pathForm(path, p + ".path", out);
        if (seen.putIfAbsent(path, p) != null) {
          out.error(p, "duplicate entry defined: " + path + " is already defined at " + seen.get(path));
        }
        if (throughLink(path, softLinks)) {
          out.error(p, "file path includes link in config: " + path + " would be written through a symlink");
        }
        owner(n.get("user"), p + ".user", out);
        owner(n.get("group"), p + ".group", out);
        mode(n.get("mode"), p + ".mode", spec, out);
        switch (list) {
          case "files" -> file(n, p, out);
          case "links" -> link(n, p, directories, out);
          default -> { }
        }
      }
    }
  }

  static void pathForm(String path, String p, Findings out) {
    if (!path.startsWith("/")) {
      out.error(p, "path not absolute: write it from the root, as /" + path);
      return;
    }
    String clean = clean(path);
    if (!clean.equals(path)) {
      out.error(p, "path is not fully simplified: write it as " + clean);
    }
  }

  /** Whether {@code path} is absolute with no empty, "." or ".." element and no trailing slash. */
  private static boolean alreadyClean(String path) {
    if (path.isEmpty() || path.charAt(0) != '/') {
      return false;
    }
    if (path.length() == 1) {
      return true;
    }
    if (path.endsWith("/") || path.endsWith("/.") || path.endsWith("/..")) {
      return false;
    }
    return !path.contains("//") && !path.contains("/./") && !path.contains("/../");
  }

  /** Go's path.Clean for absolute paths. */
  static String clean(String path) {
    if (alreadyClean(path)) {
      return path;
    }
    var parts = new java.util.ArrayDeque<String>();
    for (String s : path.split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(s);
      }
    }
    return "/" + String.join("/", parts);
  }

  private static boolean throughLink(String path, Set<String> links) {
    if (links.isEmpty()) {
      return false;
    }
    int slash = path.lastIndexOf('/');
    while (slash > 0) {
      String parent = path.substring(0, slash);
      if (links.contains(parent)) {
        return true;
      }
      slash = parent.lastIndexOf('/');
    }
    return false;
  }

  private static void owner(JsonNode o, String p, Findings out) {
    if (o != null && o.hasNonNull("id") && o.hasNonNull("name") && !o.path("name").asText().isEmpty()) {
      out.error(p, "cannot set both id and name: keep one");
    }
  }

  private static void mode(JsonNode m, String p, SpecVersion spec, Findings out) {
    if (m == null || !m.isNumber()) {
      return;
    }
    int mode = m.asInt();
    if (mode < 0 || mode > 07777) {
      out.error(p, "illegal file mode " + Integer.toOctalString(mode) + ": it must be between 0 and 07777 "
          + "(write octal in YAML with a leading zero; in JSON, modes are decimal, 0644 is 420)");
    } else if ((mode & 07000) != 0 && !spec.atLeast(SpecVersion.V3_6_0)) {
      out.warning(p, "setuid, setgid and sticky bits are not supported before spec 3.6.0 and will be dropped");
    }
  }

  private static void file(JsonNode f, String p, Findings out) {
    if (f.path("overwrite").asBoolean(false) && !f.path("contents").hasNonNull("source")) {
      out.error(p + ".overwrite", "overwrite must be false if contents.source is unspecified");
    }
  }

  private static void link(JsonNode l, String p, Set<String> directories, Findings out) {
    JsonNode target = l.get("target");
    if (target == null || target.isNull() || target.asText().isEmpty()) {
      out.error(p + ".target", "link target is required");
      return;
    }
    if (l.path("hard").asBoolean(false)) {
      if (directories.contains(clean(target.asText().startsWith("/") ? target.asText() : "/" + target.asText()))) {
        out.error(p + ".target", "hard link target must not be a directory");
      }
      if (l.has("user") || l.has("group")) {
        out.warning(p, "user and group are ignored on hard links");
      }
    }
  }
}
