package dev.caisson.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.caisson.agent.strategy.WeeklyWindow;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the drop-in directories as Zincati does: every {@code *.toml} file, by file name in
 * lexical order; a file in a later directory replaces the one of the same name in an earlier one;
 * a symlink to /dev/null masks the name. Each fragment overrides the keys it sets; windows add up.
 */
public final class ConfigLoader {
  /** The directories under a root, lowest priority first. */
  public static List<Path> defaultDirs(Path root) {
    return List.of(root.resolve("usr/lib/caisson/agent.d"), root.resolve("etc/caisson/agent.d"),
        root.resolve("run/caisson/agent.d"));
  }

  private static final Pattern GROUP = Pattern.compile("[a-zA-Z0-9.-]+");
  private static final Set<String> KEYS = Set.of("agent.timing.steady_interval_secs", "updates.enabled",
      "updates.allow_downgrade", "updates.strategy", "updates.fleet_lock.base_url", "updates.periodic.time_zone",
      "identity.group", "identity.node_uuid", "identity.rollout_wariness", "cincinnati.base_url", "cincinnati.stream",
      "agent.repo.url", "agent.report.url", "agent.reboot.command", "agent.health.dirs", "agent.health.timeout_secs",
      "agent.health.boot_tries", "agent.metrics.port");
  private static final Set<String> WINDOW_KEYS = Set.of("days", "start_time", "length_minutes");

  private final TomlMapper toml = new TomlMapper();

  /** The fragments that take part, in merge order. */
  public List<Path> fragments(List<Path> dirs) throws IOException {
    var byName = new TreeMap<String, Path>();
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.toml")) {
        for (Path p : s) {
          byName.put(p.getFileName().toString(), p);
        }
      }
    }
    var out = new ArrayList<Path>();
    for (Path p : byName.values()) {
      if (Files.isSymbolicLink(p) && Files.readSymbolicLink(p).equals(Path.of("/dev/null"))) {
        continue; // masked
      }
      if (Files.isRegularFile(p)) {
        out.add(p);
      }
    }
    return out;
  }

  public AgentConfig load(List<Path> dirs) throws IOException, ConfigException {
    var values = new LinkedHashMap<String, Located>();
    var windows = new ArrayList<Map<String, Located>>();
    for (Path p : fragments(dirs)) {
      Fragment f = Fragment.read(p, toml);
      for (Located v : f.values().values()) {
        if (!KEYS.contains(v.key())) {
          throw v.error("unknown key");
        }
      }
      for (var w : f.windows()) {
        for (Located v : w.values()) {
          if (!WINDOW_KEYS.contains(v.key().substring(Fragment.WINDOW.length() + 1))) {
            throw v.error("unknown key (a window has days, start_time, length_minutes)");
          }
        }
      }
      values.putAll(f.values());
      windows.addAll(f.windows());
    }
    return build(values, windows);
  }

  private AgentConfig build(Map<String, Located> v, List<Map<String, Located>> windowSpecs) throws ConfigException {
    AgentConfig d = AgentConfig.defaults();
    var list = new ArrayList<WeeklyWindow>();
    for (var w : windowSpecs) {
      list.add(window(w));
    }
    Optional<Located> strategyValue = Optional.ofNullable(v.get("updates.strategy"));
    StrategyKind strategy = d.strategy();
    if (strategyValue.isPresent()) {
      String s = string(strategyValue.get());
      strategy = StrategyKind.of(s).orElseThrow(() -> strategyValue.get().error("unknown strategy '" + s
          + "' (immediate, periodic, fleet_lock, periodic+fleet_lock)"));
    }
    Optional<String> lockUrl = opt(v, "updates.fleet_lock.base_url");
    if (strategy.fleetLock() && lockUrl.isEmpty()) {
      throw strategyValue.get().error("strategy " + strategy.label() + " needs updates.fleet_lock.base_url");
    }
    if (strategy.periodic() && list.isEmpty()) {
      throw strategyValue.get().error("strategy " + strategy.label() + " needs at least one [[updates.periodic.window]]");
    }
    ZoneId zone = d.timeZone();
    Located tz = v.get("updates.periodic.time_zone");
    if (tz != null) {
      String name = string(tz);
      try {
        zone = name.equals("localtime") ? ZoneId.systemDefault() : ZoneId.of(name);
      } catch (DateTimeException e) {
        throw tz.error("unknown time zone '" + name + "'");
      }
    }
    String group = opt(v, "identity.group").orElse(d.group());
    if (!GROUP.matcher(group).matches()) {
      throw v.get("identity.group").error("a group is letters, digits, '.' and '-' only");
    }
    Optional<Double> wariness = Optional.empty();
    Located w = v.get("identity.rollout_wariness");
    if (w != null) {
      if (!w.value().isNumber() || w.value().asDouble() < 0 || w.value().asDouble() > 1) {
        throw w.error("must be a number from 0.0 to 1.0");
      }
      wariness = Optional.of(w.value().asDouble());
    }
    Optional<String> uuid = opt(v, "identity.node_uuid");
    if (uuid.isPresent() && !uuid.get().matches("[0-9a-f]{32}")) {
      throw v.get("identity.node_uuid").error("must be 32 lower-case hex digits");
    }
    var health = v.containsKey("agent.health.dirs") ? strings(v.get("agent.health.dirs")).stream().map(Path::of).toList()
        : d.healthDirs();
    return new AgentConfig(
        java.time.Duration.ofSeconds(integer(v, "agent.timing.steady_interval_secs", 300, 1)),
        bool(v, "updates.enabled", true), bool(v, "updates.allow_downgrade", false), strategy, lockUrl, zone, list,
        group, uuid, wariness, opt(v, "cincinnati.base_url"), opt(v, "cincinnati.stream"), opt(v, "agent.repo.url"),
        opt(v, "agent.report.url"),
        v.containsKey("agent.reboot.command") ? nonEmpty(v.get("agent.reboot.command")) : d.rebootCommand(), health,
        java.time.Duration.ofSeconds(integer(v, "agent.health.timeout_secs", 300, 1)),
        integer(v, "agent.health.boot_tries", 3, 0), integer(v, "agent.metrics.port", 9466, 0));
  }

  private static WeeklyWindow window(Map<String, Located> w) throws ConfigException {
    for (String k : List.of("days", "start_time", "length_minutes")) {
      if (!w.containsKey(k)) {
        Located any = w.values().stream().findFirst().orElseThrow();
        throw new ConfigException(any.file(), any.line(), Fragment.WINDOW, "a window needs " + k);
      }
    }
    var days = EnumSet.noneOf(DayOfWeek.class);
    for (String s : strings(w.get("days"))) {
      days.add(day(s).orElseThrow(() -> w.get("days").error("unknown day '" + s + "' (Mon ... Sun)")));
    }
    if (days.isEmpty()) {
      throw w.get("days").error("a window needs at least one day");
    }
    LocalTime start;
    try {
      start = LocalTime.parse(string(w.get("start_time")));
    } catch (DateTimeParseException e) {
      throw w.get("start_time").error("must be HH:MM, 24-hour clock");
    }
    Located len = w.get("length_minutes");
    if (!len.value().canConvertToInt() || !len.value().isIntegralNumber() || len.value().asInt() <= 0) {
      throw len.error("must be a positive whole number of minutes");
    }
    return new WeeklyWindow(days, start, len.value().asInt());
  }

  static Optional<DayOfWeek> day(String s) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().equalsIgnoreCase(s) || d.name().substring(0, 3).equalsIgnoreCase(s)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  private static String string(Located l) throws ConfigException {
    if (!l.value().isTextual()) {
      throw l.error("must be a string");
    }
    return l.value().asText();
  }

  private static Optional<String> opt(Map<String, Located> v, String key) throws ConfigException {
    Located l = v.get(key);
    return l == null ? Optional.empty() : Optional.of(string(l));
  }

  private static boolean bool(Map<String, Located> v, String key, boolean dflt) throws ConfigException {
    Located l = v.get(key);
    if (l == null) {
      return dflt;
    }
    if (!l.value().isBoolean()) {
      throw l.error("must be true or false");
    }
    return l.value().asBoolean();
  }

  private static int integer(Map<String, Located> v, String key, int dflt, int min) throws ConfigException {
    Located l = v.get(key);
    if (l == null) {
      return dflt;
    }
    if (!l.value().isIntegralNumber() || !l.value().canConvertToInt() || l.value().asInt() < min) {
      throw l.error("must be a whole number, at least " + min);
    }
    return l.value().asInt();
  }

  private static List<String> strings(Located l) throws ConfigException {
    if (!l.value().isArray()) {
      throw l.error("must be an array of strings");
    }
    var out = new ArrayList<String>();
    for (JsonNode n : l.value()) {
      if (!n.isTextual()) {
        throw l.error("must be an array of strings");
      }
      out.add(n.asText());
    }
    return out;
  }

  private static List<String> nonEmpty(Located l) throws ConfigException {
    List<String> s = strings(l);
    if (s.isEmpty()) {
      throw l.error("must name a command");
    }
    return s;
  }
}
