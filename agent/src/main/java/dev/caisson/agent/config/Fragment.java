package dev.caisson.agent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One TOML drop-in, flattened to dotted keys ({@code updates.fleet_lock.base_url}); the periodic
 * windows ({@code [[updates.periodic.window]]}) are kept apart, one map per window, because
 * fragments add windows rather than replace them.
 */
record Fragment(Path file, Map<String, Located> values, List<Map<String, Located>> windows) {
  static final String WINDOW = "updates.periodic.window";

  static Fragment read(Path file, TomlMapper toml) throws IOException, ConfigException {
    String text = Files.readString(file);
    JsonNode root;
    try {
      root = toml.readTree(text);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new ConfigException(file, line, "", "not valid TOML: " + e.getOriginalMessage());
    }
    var lines = new SourceLines(text);
    var values = new LinkedHashMap<String, Located>();
    var windows = new ArrayList<Map<String, Located>>();
    flatten(file, lines, "", root == null ? toml.createObjectNode() : root, values, windows);
    return new Fragment(file, values, windows);
  }

  private static void flatten(Path file, SourceLines lines, String prefix, JsonNode node, Map<String, Located> out,
      List<Map<String, Located>> windows) throws ConfigException {
    var it = node.fields();
    while (it.hasNext()) {
      var e = it.next();
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      JsonNode v = e.getValue();
      if (key.equals(WINDOW)) {
        if (!v.isArray()) {
          throw new ConfigException(file, lines.lineOf(key, -1), key, "must be an array of tables: [[" + WINDOW + "]]");
        }
        for (int i = 0; i < v.size(); i++) {
          var w = new LinkedHashMap<String, Located>();
          var f = v.get(i).fields();
          while (f.hasNext()) {
            var wf = f.next();
            String k = key + "." + wf.getKey();
            w.put(wf.getKey(), new Located(k, wf.getValue(), file, lines.lineOf(k, i)));
          }
          windows.add(w);
        }
      } else if (v.isObject()) {
        flatten(file, lines, key, v, out, windows);
      } else {
        out.put(key, new Located(key, v, file, lines.lineOf(key, -1)));
      }
    }
  }
}
