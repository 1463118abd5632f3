package dev.caisson.config.ignition;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caisson.config.Report;
import dev.caisson.config.schema.ConfigSchema;
import dev.caisson.config.schema.SchemaWalk;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an Ignition config tree against the rules of its spec version, as Ignition's own
 * validation does: paths, URLs, hashes, modes, duplicates, units, disks, filesystems, LUKS, RAID,
 * users. Problems carry camelCase JSON paths ({@code $.storage.files.0.path}) and no position;
 * callers that know where the JSON came from place them (see {@link dev.caisson.config.SourceMap}).
 * The tree must already have the right value types (see {@link IgnitionReader}).
 */
public final class IgnitionValidator {
  private static final Set<String> UNIT_TYPES = Set.of("service", "socket", "device", "mount", "automount", "swap",
      "target", "path", "timer", "snapshot", "slice", "scope");
  private static final Pattern UNIT_NAME = Pattern.compile("[A-Za-z0-9:_.\\\\-]+(@[A-Za-z0-9:_.\\\\-]*)?");

  private final ConfigSchema schema;

  public IgnitionValidator(ConfigSchema schema) {
    this.schema = schema;
  }

  /** Validates {@code config} as a config of spec {@code spec}. */
  public Report validate(JsonNode config, SpecVersion spec) {
    var out = new Findings();
    SchemaWalk.walk(config, schema.root(), "$", (node, shape, path) -> {
      if (shape.name().equals("Resource")) {
        ResourceRules.check(node, path, spec, out);
      }
    });
    proxy(config.path("ignition").path("proxy"), out);
    JsonNode storage = config.path("storage");
    NodeRules.check(storage, spec, out);
    StorageRules.check(storage, spec, out);
    units(config.path("systemd").path("units"), out);
    passwd(config.path("passwd"), out);
    kernelArguments(config.path("kernelArguments"), out);
    return new Report(out.all());
  }

  private static void proxy(JsonNode proxy, Findings out) {
    for (String f : new String[] {"httpProxy", "httpsProxy"}) {
      String v = proxy.path(f).asText(null);
      if (v == null || v.isEmpty()) {
        continue;
      }
      String scheme = ResourceRules.scheme(v);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        out.error("$.ignition.proxy." + f, "proxy must be an http:// or https:// URL");
      } else if (f.equals("httpsProxy") && scheme.equals("http")) {
        out.warning("$.ignition.proxy." + f, "an http:// proxy for https requests sends the requests in the clear");
      }
    }
  }

  private static void units(JsonNode units, Findings out) {
    var names = new HashMap<String, Integer>();
    for (int i = 0; i < units.size(); i++) {
      JsonNode u = units.get(i);
      String p = "$.systemd.units." + i;
      String name = u.path("name").asText("");
      if (name.isEmpty()) {
        out.error(p + ".name", "unit name is required");
        continue;
      }
      if (names.putIfAbsent(name, i) != null) {
        out.error(p, "duplicate entry defined: unit " + name);
      }
      unitName(name, p + ".name", out);
      JsonNode dropins = u.path("dropins");
      Set<String> dropinNames = new HashSet<>();
      for (int j = 0; j < dropins.size(); j++) {
        String dn = dropins.get(j).path("name").asText("");
        String dp = p + ".dropins." + j;
        if (dn.isEmpty()) {
          out.error(dp + ".name", "drop-in name is required");
        } else if (!dn.endsWith(".conf")) {
          out.error(dp + ".name", "invalid systemd drop-in extension: drop-in names must end in .conf");
        } else if (!dropinNames.add(dn)) {
          out.error(dp, "duplicate entry defined: drop-in " + dn);
        }
      }
    }
  }

  private static void unitName(String name, String p, Findings out) {
    int dot = name.lastIndexOf('.');
    String type = dot < 0 ? "" : name.substring(dot + 1);
    if (!UNIT_TYPES.contains(type)) {
      out.error(p, "invalid systemd unit extension \"" + type + "\": use .service, .socket, .mount, .timer, "
          + ".target, .path, .swap, .slice, .automount, .device or .scope");
      return;
    }
    String stem = name.substring(0, dot);
    if (stem.isEmpty() || stem.startsWith("@") || !UNIT_NAME.matcher(stem).matches()) {
      out.error(p, "invalid unit name \"" + name + "\"");
    }
  }

  private static void passwd(JsonNode passwd, Findings out) {
    for (String list : new String[] {"users", "groups"}) {
      JsonNode entries = passwd.path(list);
      Map<String, Integer> names = new HashMap<>();
      for (int i = 0; i < entries.size(); i++) {
        String name = entries.get(i).path("name").asText("");
        String p = "$.passwd." + list + "." + i;
        if (name.isEmpty()) {
          out.error(p + ".name", (list.equals("users") ? "user" : "group") + " name is required");
        } else if (names.putIfAbsent(name, i) != null) {
          out.error(p, "duplicate entry defined: " + name);
        }
      }
    }
  }

  private static void kernelArguments(JsonNode kargs, Findings out) {
    Set<String> exist = new HashSet<>();
    kargs.path("shouldExist").forEach(a -> exist.add(a.asText()));
    JsonNode not = kargs.path("shouldNotExist");
    for (int i = 0; i < not.size(); i++) {
      if (exist.contains(not.get(i).asText())) {
        out.error("$.kernelArguments.shouldNotExist." + i, "argument \"" + not.get(i).asText()
            + "\" is in both shouldExist and shouldNotExist");
      }
    }
  }
}
