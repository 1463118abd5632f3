package dev.caisson.server;

import dev.caisson.server.fleet.ClosedLoopPolicy;
import dev.caisson.server.lock.GroupPolicy;
import dev.caisson.server.lock.LockPolicy;
import dev.caisson.server.lock.Window;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Reads the server's YAML configuration (docs/server.md). Unknown keys and wrong types are errors naming the key,
 * so a typo never silently becomes a default. Relative paths are relative to the file.
 */
public final class ConfigFile {
  private final Path file;

  private ConfigFile(Path file) {
    this.file = file;
  }

  public static ServerConfig read(Path file, ServerConfig defaults) throws IOException {
    Object doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
    return new ConfigFile(file).parse(doc == null ? Map.of() : map(doc, "(top)"), defaults);
  }

  /**
   * The configuration of a run: the file if given, then the flags over it ({@code --data}, {@code --listen},
   * {@code --token-file}); without any, 127.0.0.1:8080 and {@code /var/lib/caisson/server}.
   */
  public static ServerConfig load(Optional<Path> config, Optional<Path> data, Optional<String> listen,
      Optional<Path> tokenFile, Optional<String> store) throws IOException {
    ServerConfig c = ServerConfig.defaults(Path.of("/var/lib/caisson/server"));
    if (config.isPresent()) {
      c = read(config.get(), c);
    }
    if (data.isPresent()) {
      c = c.withData(data.get().toAbsolutePath());
    }
    if (listen.isPresent()) {
      c = c.withListen(ServerConfig.address(listen.get()));
    }
    if (tokenFile.isPresent()) {
      c = c.withToken(ServerConfig.tokenFrom(Files.readAllLines(tokenFile.get())));
    }
    if (store.isPresent()) {
      if (!store.get().startsWith("etcd://")) {
        throw new IllegalArgumentException("--store: write etcd://HOST:PORT[,HOST:PORT...]");
      }
      c = c.withStore(Optional.of(java.net.URI.create(store.get())));
    }
    return c;
  }

  /** Parses YAML text; for tests and examples. */
  public static ServerConfig parse(String yaml, Path base, ServerConfig defaults) throws IOException {
    Object doc = new Load(LoadSettings.builder().build()).loadFromString(yaml);
    return new ConfigFile(base.resolve("server.yaml")).parse(doc == null ? Map.of() : map(doc, "(top)"), defaults);
  }

  private ServerConfig parse(Map<String, Object> top, ServerConfig c) throws IOException {
    known(top, "(top)", "listen", "data", "store", "token", "token_file", "streams", "architectures", "locks",
        "inventory", "closed_loop");
    if (top.containsKey("store")) {
      String store = string(top.get("store"), "store");
      if (!store.startsWith("etcd://")) {
        throw new IllegalArgumentException("store: write etcd://HOST:PORT[,HOST:PORT...] (or leave it out)");
      }
      c = c.withStore(Optional.of(java.net.URI.create(store)));
    }
    if (top.containsKey("listen")) {
      c = c.withListen(ServerConfig.address(string(top.get("listen"), "listen")));
    }
    if (top.containsKey("data")) {
      c = c.withData(file.toAbsolutePath().getParent().resolve(string(top.get("data"), "data")));
    }
    if (top.containsKey("token")) {
      c = c.withToken(Optional.of(string(top.get("token"), "token")));
    }
    if (top.containsKey("token_file")) {
      Path p = file.toAbsolutePath().getParent().resolve(string(top.get("token_file"), "token_file"));
      c = c.withToken(ServerConfig.tokenFrom(Files.readAllLines(p)));
    }
    if (top.containsKey("streams")) {
      c = c.withStreams(Set.copyOf(strings(top.get("streams"), "streams")));
    }
    if (top.containsKey("architectures")) {
      var arches = Set.copyOf(strings(top.get("architectures"), "architectures"));
      c = new ServerConfig(c.listen(), c.data(), c.token(), c.streams(), arches, c.locks(), c.staleAfter(),
          c.closedLoop(), c.store());
    }
    if (top.containsKey("locks")) {
      c = c.withLocks(locks(map(top.get("locks"), "locks")));
    }
    if (top.containsKey("inventory")) {
      var inv = map(top.get("inventory"), "inventory");
      known(inv, "inventory", "stale_after_minutes");
      if (inv.containsKey("stale_after_minutes")) {
        c = c.withStaleAfter(Duration.ofMinutes(number(inv.get("stale_after_minutes"), "inventory.stale_after_minutes")));
      }
    }
    if (top.containsKey("closed_loop")) {
      var cl = map(top.get("closed_loop"), "closed_loop");
      known(cl, "closed_loop", "enabled", "failed_nodes", "failed_ratio", "min_takers");
      var d = c.closedLoop();
      c = c.withClosedLoop(new ClosedLoopPolicy(
          cl.containsKey("enabled") ? bool(cl.get("enabled"), "closed_loop.enabled") : d.enabled(),
          cl.containsKey("failed_nodes") ? (int) number(cl.get("failed_nodes"), "closed_loop.failed_nodes")
              : d.failedNodes(),
          cl.containsKey("failed_ratio") ? fraction(cl.get("failed_ratio"), "closed_loop.failed_ratio")
              : d.failedRatio(),
          cl.containsKey("min_takers") ? (int) number(cl.get("min_takers"), "closed_loop.min_takers")
              : d.ratioMinTakers()));
    }
    return c;
  }

  private LockPolicy locks(Map<String, Object> m) {
    known(m, "locks", "default_slots", "allow_any_group", "ttl_minutes", "groups");
    int defaultSlots = m.containsKey("default_slots") ? (int) number(m.get("default_slots"), "locks.default_slots") : 1;
    boolean any = m.containsKey("allow_any_group") && bool(m.get("allow_any_group"), "locks.allow_any_group");
    Optional<Duration> ttl = Optional.empty();
    if (m.containsKey("ttl_minutes")) {
      long minutes = number(m.get("ttl_minutes"), "locks.ttl_minutes");
      ttl = minutes > 0 ? Optional.of(Duration.ofMinutes(minutes)) : Optional.empty();
    }
    var groups = new LinkedHashMap<String, GroupPolicy>();
    if (m.containsKey("groups")) {
      int i = 0;
      for (Object o : list(m.get("groups"), "locks.groups")) {
        String at = "locks.groups[" + i++ + "]";
        var g = map(o, at);
        known(g, at, "name", "slots", "time_zone", "windows");
        String name = string(g.get("name"), at + ".name");
        int slots = g.containsKey("slots") ? (int) number(g.get("slots"), at + ".slots") : defaultSlots;
        ZoneId zone = ZoneId.of(g.containsKey("time_zone") ? string(g.get("time_zone"), at + ".time_zone") : "UTC");
        var windows = new java.util.ArrayList<Window>();
        if (g.containsKey("windows")) {
          int j = 0;
          for (Object w : list(g.get("windows"), at + ".windows")) {
            windows.add(window(map(w, at + ".windows[" + j + "]"), at + ".windows[" + j++ + "]"));
          }
        }
        try {
          groups.put(name, new GroupPolicy(name, slots, zone, windows));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(at + ": " + e.getMessage());
        }
      }
    }
    return new LockPolicy(groups, defaultSlots, any, ttl);
  }

  private static Window window(Map<String, Object> w, String at) {
    known(w, at, "days", "start", "length_minutes");
    var days = EnumSet.noneOf(DayOfWeek.class);
    for (String d : strings(w.get("days"), at + ".days")) {
      days.add(day(d, at + ".days"));
    }
    LocalTime start = LocalTime.parse(string(w.get("start"), at + ".start"));
    return new Window(days, start, (int) number(w.get("length_minutes"), at + ".length_minutes"));
  }

  private static DayOfWeek day(String d, String at) {
    for (DayOfWeek dow : DayOfWeek.values()) {
      if (dow.name().regionMatches(true, 0, d, 0, 3) && d.length() >= 3
          && dow.name().toLowerCase().startsWith(d.toLowerCase())) {
        return dow;
      }
    }
    throw new IllegalArgumentException(at + ": not a day of the week: " + d);
  }

  private static void known(Map<String, Object> m, String at, String... keys) {
    var extra = new HashSet<>(m.keySet());
    extra.removeAll(List.of(keys));
    if (!extra.isEmpty()) {
      throw new IllegalArgumentException(at + ": unknown key(s) " + extra + "; known: " + List.of(keys));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String at) {
    if (!(o instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(at + ": expected a mapping");
    }
    return (Map<String, Object>) m;
  }

  private static List<?> list(Object o, String at) {
    if (!(o instanceof List<?> l)) {
      throw new IllegalArgumentException(at + ": expected a list");
    }
    return l;
  }

  private static List<String> strings(Object o, String at) {
    return list(o, at).stream().map(x -> string(x, at)).toList();
  }

  private static String string(Object o, String at) {
    if (!(o instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException(at + ": expected a non-empty string");
    }
    return s;
  }

  private static long number(Object o, String at) {
    if (!(o instanceof Integer || o instanceof Long) || ((Number) o).longValue() < 0) {
      throw new IllegalArgumentException(at + ": expected a whole number >= 0");
    }
    return ((Number) o).longValue();
  }

  private static double fraction(Object o, String at) {
    if (!(o instanceof Number n) || n.doubleValue() <= 0 || n.doubleValue() > 1) {
      throw new IllegalArgumentException(at + ": expected a number in (0, 1]");
    }
    return n.doubleValue();
  }

  private static boolean bool(Object o, String at) {
    if (!(o instanceof Boolean b)) {
      throw new IllegalArgumentException(at + ": expected true or false");
    }
    return b;
  }
}
