package dev.caisson.agent.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tiny update server for the simulation, speaking the real protocols: {@code GET /v1/graph} with
 * Fedora CoreOS rollout throttling (linear from start over a duration, edges only for clients whose
 * wariness is at or below the throttle), a closed loop that pauses a release on its first failure
 * report, FleetLock with N slots, {@code POST /v1/report}, and the OS repository under {@code /repo/}.
 */
final class SimServer implements AutoCloseable {
  /** A release: its commit, its age, when its rollout starts and how long it lasts. */
  record Rel(String version, String checksum, int age, long startEpoch, long durationMinutes) {}

  record Report(Instant at, String node, String state, String staged, JsonNode rollbacks) {}

  private final HttpServer http;
  private final ObjectMapper json = new ObjectMapper();
  private final Path repo;
  private final SimClock clock;
  final List<Rel> releases = new ArrayList<>();
  final Set<String> paused = new LinkedHashSet<>();
  final Map<String, Instant> pausedAt = new HashMap<>();
  final int slots;
  final Set<String> holders = new LinkedHashSet<>();
  int maxHolders;
  final List<Instant> grants = new ArrayList<>();
  final List<Report> reports = new ArrayList<>();
  int graphRequests;
  boolean closedLoop = true;
  int lockBusy;

  SimServer(Path repo, SimClock clock, int slots) throws IOException {
    this.repo = repo;
    this.clock = clock;
    this.slots = slots;
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    http.createContext("/", this::handle);
    http.start();
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
  }

  /** The share of clients the release is rolled out to now. */
  double throttle(Rel r) {
    long now = clock.instant().getEpochSecond();
    long end = r.startEpoch() + 60 * Math.max(1, r.durationMinutes());
    if (now < r.startEpoch()) {
      return 0;
    }
    if (now > end) {
      return 1;
    }
    return (double) (now - r.startEpoch()) / (end - r.startEpoch());
  }

  private synchronized void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    try {
      if (path.startsWith("/repo/")) {
        Path f = repo.resolve(path.substring(6)).normalize();
        if (!f.startsWith(repo) || !Files.isRegularFile(f)) {
          send(ex, 404, "");
        } else {
          send(ex, 200, Files.readAllBytes(f));
        }
      } else if (path.equals("/v1/graph")) {
        graph(ex);
      } else if (path.equals("/v1/pre-reboot") || path.equals("/v1/steady-state")) {
        lock(ex, path.endsWith("pre-reboot"));
      } else if (path.equals("/v1/report")) {
        JsonNode r = json.readTree(ex.getRequestBody().readAllBytes());
        reports.add(new Report(clock.instant(), r.path("node_uuid").asText(), r.path("state").asText(),
            r.path("staged_version").asText(), r.path("rollbacks")));
        String failed = r.path("state").asText().equals("failed") ? r.path("staged_version").asText() : "";
        for (JsonNode rb : r.path("rollbacks")) {
          failed = rb.path("from_version").asText();
        }
        if (closedLoop && !failed.isEmpty() && paused.add(failed)) {
          pausedAt.put(failed, clock.instant());
        }
        send(ex, 200, "{}");
      } else {
        send(ex, 404, "");
      }
    } finally {
      ex.close();
    }
  }

  private void graph(HttpExchange ex) throws IOException {
    graphRequests++;
    Map<String, String> q = new HashMap<>();
    for (String kv : ex.getRequestURI().getRawQuery().split("&")) {
      int i = kv.indexOf('=');
      q.put(kv.substring(0, i), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
    }
    double wariness = Double.parseDouble(q.getOrDefault("rollout_wariness", "0.5"));
    ObjectNode g = json.createObjectNode();
    ArrayNode nodes = g.putArray("nodes");
    ArrayNode edges = g.putArray("edges");
    for (int i = 0; i < releases.size(); i++) {
      Rel r = releases.get(i);
      ObjectNode meta = nodes.addObject().put("version", r.version()).put("payload", r.checksum())
          .putObject("metadata");
      meta.put("org.fedoraproject.coreos.releases.age_index", "" + r.age());
      meta.put("org.fedoraproject.coreos.scheme", "checksum");
      if (r.durationMinutes() > 0) {
        meta.put("org.fedoraproject.coreos.updates.rollout", "true");
        meta.put("org.fedoraproject.coreos.updates.start_epoch", "" + r.startEpoch());
        meta.put("org.fedoraproject.coreos.updates.duration_minutes", "" + r.durationMinutes());
      }
      boolean open = r.durationMinutes() == 0 || wariness <= throttle(r);
      if (i > 0 && open && !paused.contains(r.version())) {
        for (int from = 0; from < i; from++) {
          edges.addArray().add(from).add(i);
        }
      }
    }
    send(ex, 200, g.toString());
  }

  private void lock(HttpExchange ex, boolean take) throws IOException {
    if (!"true".equals(ex.getRequestHeaders().getFirst("fleet-lock-protocol"))) {
      send(ex, 400, "{\"kind\":\"missing_header\",\"value\":\"\"}");
      return;
    }
    String id = json.readTree(ex.getRequestBody().readAllBytes()).path("client_params").path("id").asText();
    if (take) {
      if (!holders.contains(id) && holders.size() >= slots) {
        lockBusy++;
        send(ex, 500, "{\"kind\":\"failed_lock\",\"value\":\"all " + slots + " semaphore slots currently locked\"}\n");
        return;
      }
      holders.add(id);
      grants.add(clock.instant());
      maxHolders = Math.max(maxHolders, holders.size());
    } else {
      holders.remove(id);
    }
    send(ex, 200, "");
  }

  private void send(HttpExchange ex, int status, String body) throws IOException {
    send(ex, status, body.getBytes(StandardCharsets.UTF_8));
  }

  private void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      ex.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
