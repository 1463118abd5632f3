package dev.caisson.agent.fleetlock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A tiny FleetLock server answering as a real one does (FORMATS.md 3 §2.3): airlock (a full semaphore is 500
 * {@code failed_lock} in text/plain with a trailing newline; an unlock by a non-holder is 200) or
 * poseidon/fleetlock (423 {@code lock_held} in JSON, also for an unlock by a non-holder while another node
 * holds the lock). It serves under {@code /prefix/} and records every request.
 */
public final class FakeLockServer implements AutoCloseable {
  /** Whose status codes to answer with. */
  public enum Flavour { AIRLOCK, POSEIDON }

  /** One request: its path, its {@code fleet-lock-protocol} header, the client's id and group, the answer. */
  public record Seen(String path, String header, String id, String group, int status) {}

  private final Flavour flavour;
  private final int slots;
  private final Set<String> holders = new LinkedHashSet<>();
  private final List<Seen> seen = new ArrayList<>();
  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer http;

  public FakeLockServer(Flavour flavour, int slots) throws IOException {
    this.flavour = flavour;
    this.slots = slots;
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/", this::handle);
    http.start();
  }

  /** The base URL to configure: {@code http://127.0.0.1:PORT/prefix/}. */
  public URI base() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/prefix/");
  }

  public synchronized List<Seen> seen() {
    return List.copyOf(seen);
  }

  public synchronized Set<String> holders() {
    return Set.copyOf(holders);
  }

  /** Takes a slot for a node outside the test, as if another machine held it. */
  public synchronized void hold(String id) {
    holders.add(id);
  }

  /** Frees a slot by hand, as an operator does on the lock server. */
  public synchronized void free(String id) {
    holders.remove(id);
  }

  private synchronized void handle(HttpExchange ex) throws IOException {
    boolean poseidon = flavour == Flavour.POSEIDON;
    JsonNode body = json.readTree(ex.getRequestBody().readAllBytes());
    String id = body.path("client_params").path("id").asText();
    int status = 200;
    String out = poseidon ? "ok" : "";
    String type = "text/plain; charset=utf-8";
    String path = ex.getRequestURI().getPath();
    if (!"true".equals(ex.getRequestHeaders().getFirst("fleet-lock-protocol"))) {
      status = 400;
      out = "{\"kind\":\"missing_header\",\"value\":\"missing fleet-lock-protocol header\"}";
    } else if (path.endsWith("/v1/pre-reboot")) {
      if (!holders.contains(id) && holders.size() >= slots) {
        status = poseidon ? 423 : 500;
        out = poseidon ? "{\"kind\":\"lock_held\",\"value\":\"lock is held by another node\"}"
            : "{\"kind\":\"failed_lock\",\"value\":\"all " + slots + " semaphore slots currently locked\"}\n";
        type = poseidon ? "application/json" : type;
      } else {
        holders.add(id);
      }
    } else if (path.endsWith("/v1/steady-state")) {
      if (poseidon && !holders.isEmpty() && !holders.contains(id)) {
        status = 423;
        out = "{\"kind\":\"lock_held\",\"value\":\"lock is held by another node\"}";
        type = "application/json";
      } else {
        holders.remove(id);
      }
    }
    seen.add(new Seen(path, ex.getRequestHeaders().getFirst("fleet-lock-protocol"), id,
        body.path("client_params").path("group").asText(), status));
    byte[] b = out.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
