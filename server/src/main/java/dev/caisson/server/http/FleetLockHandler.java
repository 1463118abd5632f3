package dev.caisson.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caisson.server.lock.LockOutcome;
import dev.caisson.server.lock.RebootLocks;
import java.io.IOException;

/**
 * {@code POST /v1/pre-reboot} and {@code POST /v1/steady-state} (FleetLock): the header {@code fleet-lock-protocol:
 * true} is required, the body is {@code {"client_params":{"id":...,"group":...}}} ({@code node_uuid} is accepted
 * for {@code id}); success is 200 with an empty JSON object, every failure a JSON {@code kind}/{@code value}.
 */
final class FleetLockHandler {
  private final RebootLocks locks;
  private final ServerMetrics metrics;
  private final ObjectMapper json;

  FleetLockHandler(RebootLocks locks, ServerMetrics metrics, ObjectMapper json) {
    this.locks = locks;
    this.metrics = metrics;
    this.json = json;
  }

  void handle(Exchange ex, boolean lock) throws IOException {
    String api = lock ? "pre-reboot" : "steady-state";
    if (!ex.method().equals("POST")) {
      ex.methodNotAllowed("POST", json);
      return;
    }
    if (!"true".equals(ex.header("fleet-lock-protocol"))) {
      reply(ex, api, 400, "missing_header", "the header 'fleet-lock-protocol: true' is required");
      return;
    }
    String body = ex.body();
    if (body == null) {
      reply(ex, api, 413, "body_too_large", "the request body is too large");
      return;
    }
    String id;
    String group;
    try {
      JsonNode params = json.readTree(body).path("client_params");
      JsonNode idNode = params.has("id") ? params.get("id") : params.get("node_uuid");
      if (idNode == null || !idNode.isTextual() || idNode.asText().isEmpty()) {
        reply(ex, api, 400, "invalid_client_identity", "client_params.id must be a non-empty string");
        return;
      }
      id = idNode.asText();
      JsonNode g = params.get("group");
      group = g == null || g.isNull() ? "default" : g.asText();
      if (g != null && !g.isNull() && !g.isTextual() || !group.matches("[a-zA-Z0-9.-]+")) {
        reply(ex, api, 400, "invalid_client_group", "client_params.group must match [a-zA-Z0-9.-]+");
        return;
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      reply(ex, api, 400, "decode_error", "the body is not JSON: " + e.getOriginalMessage());
      return;
    }
    LockOutcome outcome = lock ? locks.lock(group, id) : locks.unlock(group, id);
    if (outcome instanceof LockOutcome.Granted || outcome instanceof LockOutcome.Released) {
      reply(ex, api, 200, null, null);
    } else if (outcome instanceof LockOutcome.Full f) {
      reply(ex, api, 409, "failed_lock_semaphore_full",
          "all " + f.slots() + " semaphore slots of group " + group + " are locked");
    } else if (outcome instanceof LockOutcome.UnknownGroup) {
      reply(ex, api, 400, "unknown_group", "unknown group '" + group + "'");
    } else if (outcome instanceof LockOutcome.OutsideWindow) {
      reply(ex, api, 409, "outside_maintenance_window",
          "group " + group + " takes reboot locks only inside its maintenance windows");
    } else if (outcome instanceof LockOutcome.BackendError b) {
      reply(ex, api, 503, "backend_unavailable", b.message());
    }
  }

  private void reply(Exchange ex, String api, int code, String kind, String value) throws IOException {
    metrics.count("caisson_fleetlock_requests_total", "api=\"" + api + "\",result=\""
        + (kind == null ? "ok" : kind) + "\"");
    if (kind == null) {
      ex.send(200, "application/json", "{}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    } else {
      ex.error(code, kind, value, json);
    }
  }
}
