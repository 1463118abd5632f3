package dev.caisson.agent.fleetlock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The FleetLock protocol: {@code POST v1/pre-reboot} and {@code POST v1/steady-state} relative to
 * the base URL (resolved as RFC 3986 does, as Zincati: keep a trailing slash to keep a path
 * prefix), header {@code fleet-lock-protocol: true}, body
 * {@code {"client_params":{"id":..., "group":...}}}. Error bodies may be JSON or airlock's
 * text/plain JSON with a newline; both are read.
 */
public final class FleetLockClient {
  public enum Api {
    PRE_REBOOT("v1/pre-reboot"),
    STEADY_STATE("v1/steady-state");

    final String path;

    Api(String path) {
      this.path = path;
    }

    public String label() {
      return path.substring(3);
    }
  }

  private final URI base;
  private final String nodeId;
  private final String group;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  public FleetLockClient(URI base, String nodeId, String group, HttpClient http) {
    this.base = base;
    this.nodeId = nodeId;
    this.group = group;
    this.http = http;
  }

  public URI base() {
    return base;
  }

  /** RecursiveLock: take (or keep) a reboot slot. */
  public LockAnswer preReboot() {
    return call(Api.PRE_REBOOT);
  }

  /** UnlockIfHeld: give the slot back, if this node holds one. */
  public LockAnswer steadyState() {
    return call(Api.STEADY_STATE);
  }

  LockAnswer call(Api api) {
    ObjectNode body = json.createObjectNode();
    body.putObject("client_params").put("id", nodeId).put("group", group);
    HttpRequest req = HttpRequest.newBuilder(base.resolve(api.path))
        .header("fleet-lock-protocol", "true").header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
    HttpResponse<byte[]> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      return new LockAnswer.Failed(0, "http_transport", "cannot reach " + base + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new LockAnswer.Failed(0, "http_transport", "interrupted");
    }
    int status = resp.statusCode();
    if (status / 100 == 2) {
      return new LockAnswer.Granted(status);
    }
    String kind = "generic_http_" + status;
    String value = new String(resp.body(), StandardCharsets.UTF_8).strip();
    try {
      JsonNode err = json.readTree(resp.body());
      if (err != null && err.path("kind").isTextual()) {
        kind = err.get("kind").asText();
        value = err.path("value").asText("");
      }
    } catch (IOException e) {
      // plain text: keep it as the value
    }
    if (value.length() > 200) {
      value = value.substring(0, 200);
    }
    return busy(status, kind) ? new LockAnswer.TryLater(status, kind, value) : new LockAnswer.Failed(status, kind, value);
  }

  /** 423 (poseidon), or a 500 whose kind says the semaphore is taken (airlock). */
  static boolean busy(int status, String kind) {
    if (status == 423 || status == 409 || kind.equals("lock_held") || kind.startsWith("failed_lock_semaphore")) {
      return true;
    }
    return status == 500 && kind.equals("failed_lock");
  }
}
