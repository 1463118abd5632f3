package dev.caisson.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caisson.server.fleet.Inventory;
import dev.caisson.server.fleet.Releases;
import dev.caisson.server.lock.LockOutcome;
import dev.caisson.server.lock.RebootLocks;
import dev.caisson.server.store.BackendException;
import dev.caisson.server.store.Pause;
import dev.caisson.server.store.RateLimit;
import dev.caisson.server.store.Release;
import dev.caisson.server.store.Rollout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /v1/admin/...}, behind {@code Authorization: Bearer TOKEN} (compared in constant time, never logged;
 * with no token configured the admin API is closed). Releases are published and changed here, stuck locks
 * released, the fleet listed.
 */
final class AdminHandler {
  private final Optional<String> token;
  private final Releases releases;
  private final RebootLocks locks;
  private final Inventory inventory;
  private final CommitImporter importer;
  private final ServerMetrics metrics;
  private final Clock clock;
  private final ObjectMapper json;

  AdminHandler(Optional<String> token, Releases releases, RebootLocks locks, Inventory inventory,
      CommitImporter importer, ServerMetrics metrics, Clock clock, ObjectMapper json) {
    this.token = token;
    this.releases = releases;
    this.locks = locks;
    this.inventory = inventory;
    this.importer = importer;
    this.metrics = metrics;
    this.clock = clock;
    this.json = json;
  }

  void handle(Exchange ex) throws IOException {
    if (!authorized(ex.header("Authorization"))) {
      ex.response.getHeaders().put("WWW-Authenticate", "Bearer");
      ex.error(401, "unauthorized", token.isEmpty() ? "the admin API is closed: configure a token"
          : "a valid 'Authorization: Bearer TOKEN' header is required", json);
      return;
    }
    String what = ex.path.substring("/v1/admin/".length());
    try {
      if (ex.method().equals("GET")) {
        switch (what) {
          case "streams" -> ex.json(200, releases.streams(), json);
          case "nodes" -> ex.json(200, inventory.nodes(), json);
          case "locks" -> ex.json(200, locks.held(), json);
          default -> ex.error(404, "not_found", "no admin resource " + what, json);
        }
        return;
      }
      if (!ex.method().equals("POST")) {
        ex.methodNotAllowed("GET, POST", json);
        return;
      }
      String text = ex.body();
      JsonNode body = json.readTree(text == null ? "{}" : text);
      if (body == null || !body.isObject()) {
        ex.error(400, "invalid_request", "the body must be a JSON object", json);
        return;
      }
      Object result = switch (what) {
        case "releases/publish" -> publish(body);
        case "releases/pause" -> releases.change(req(body, "stream"), req(body, "version"), r -> r.withPause(
            Optional.of(new Pause(opt(body, "reason").orElse("paused by an operator"), false, clock.millis()))));
        case "releases/resume" -> releases.change(req(body, "stream"), req(body, "version"),
            r -> r.withPause(Optional.empty()));
        case "releases/deadend" -> releases.change(req(body, "stream"), req(body, "version"),
            r -> r.withDeadend(body.path("clear").asBoolean() ? Optional.empty()
                : Optional.of(opt(body, "reason").orElse("dead end"))));
        case "releases/barrier" -> releases.change(req(body, "stream"), req(body, "version"),
            r -> r.withBarrier(body.path("clear").asBoolean() ? Optional.empty()
                : Optional.of(opt(body, "reason").orElse("barrier"))));
        case "locks/release" -> release(req(body, "group"), req(body, "id"));
        default -> null;
      };
      if (result == null) {
        ex.error(404, "not_found", "no admin action " + what, json);
        return;
      }
      metrics.count("caisson_admin_actions_total", "action=\"" + ServerMetrics.label(what) + "\"");
      ex.json(200, result, json);
    } catch (IllegalArgumentException e) {
      ex.error(400, "invalid_request", e.getMessage(), json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      ex.error(400, "decode_error", e.getOriginalMessage(), json);
    } catch (BackendException e) {
      ex.error(503, "backend_unavailable", e.getMessage(), json);
    } catch (IOException e) {
      ex.error(502, "import_failed", e.getMessage(), json);
    }
  }

  private Object publish(JsonNode b) throws IOException {
    String stream = req(b, "stream");
    String version = req(b, "version");
    String arch = opt(b, "arch").orElse("x86_64");
    String commit;
    if (b.hasNonNull("source")) {
      commit = importer.importCommit(req(b, "source"), opt(b, "ref").orElseGet(() -> req(b, "commit")),
          "caisson/" + stream + "/" + arch + "/" + version);
    } else {
      throw new IllegalArgumentException("source (a repository URL) is required");
    }
    Optional<Rollout> rollout = Optional.of(new Rollout(clock.millis() / 1000, 1.0, Optional.empty()));
    if (b.hasNonNull("rollout")) {
      JsonNode r = b.get("rollout");
      Optional<Long> duration = r.hasNonNull("duration_minutes") ? Optional.of(r.get("duration_minutes").asLong())
          : Optional.empty();
      double start = r.hasNonNull("start_value") ? r.get("start_value").asDouble() : duration.isPresent() ? 0.0 : 1.0;
      long epoch = r.hasNonNull("start_epoch") ? r.get("start_epoch").asLong() : clock.millis() / 1000;
      rollout = Optional.of(new Rollout(epoch, start, duration));
    }
    if (b.path("no_rollout").asBoolean()) {
      rollout = Optional.empty();
    }
    Optional<RateLimit> limit = Optional.empty();
    if (b.hasNonNull("rate_limit")) {
      JsonNode l = b.get("rate_limit");
      limit = Optional.of(new RateLimit(l.path("max_per_period").asInt(), l.path("period_minutes").asLong(60),
          l.path("max_in_progress").asInt(), l.path("timeout_minutes").asLong(60)));
    }
    var release = new Release(version, Map.of(arch, commit), rollout, opt(b, "barrier"), Optional.empty(),
        Optional.empty(), limit, clock.millis());
    releases.publish(stream, release);
    return release;
  }

  private Object release(String group, String id) throws BackendException {
    LockOutcome o = locks.unlock(group, id);
    if (o instanceof LockOutcome.BackendError e) {
      throw new BackendException(e.message());
    }
    if (o instanceof LockOutcome.UnknownGroup) {
      throw new IllegalArgumentException("unknown group '" + group + "'");
    }
    var out = new LinkedHashMap<String, Object>();
    out.put("group", group);
    out.put("id", id);
    out.put("released", o instanceof LockOutcome.Released r && r.held());
    return out;
  }

  private static String req(JsonNode b, String field) {
    return opt(b, field).orElseThrow(() -> new IllegalArgumentException(field + " is required"));
  }

  private static Optional<String> opt(JsonNode b, String field) {
    JsonNode n = b.get(field);
    return n == null || n.isNull() || n.asText().isBlank() ? Optional.empty() : Optional.of(n.asText());
  }

  private boolean authorized(String header) {
    if (token.isEmpty() || header == null || !header.startsWith("Bearer ")) {
      return false;
    }
    byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, token.get().getBytes(StandardCharsets.UTF_8));
  }
}
