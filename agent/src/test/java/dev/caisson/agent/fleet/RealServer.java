package dev.caisson.agent.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caisson.server.FleetServer;
import dev.caisson.server.ServerConfig;
import dev.caisson.server.fleet.ClosedLoopPolicy;
import dev.caisson.server.fleet.Releases;
import dev.caisson.server.lock.LockPolicy;
import dev.caisson.server.store.LockGroup;
import dev.caisson.server.store.NodeRecord;
import dev.caisson.server.store.Pause;
import dev.caisson.server.store.Table;
import dev.caisson.server.store.Versioned;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One real {@code caisson server} for the fleet simulation: {@link FleetServer} on the embedded store in a
 * temporary data directory, on 127.0.0.1 and a free port, with the simulation's clock. Releases go in through
 * its admin API with the body {@code caisson release publish} sends; the simulation reads the lock holders,
 * pauses and node records from the server's store, as the dashboard does.
 */
final class RealServer implements AutoCloseable {
  static final String TOKEN = "fleet-simulation-token";

  final FleetServer server;
  final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final Path source;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param source the build repository (archive mode) releases are published from
   * @param slots slots of the group {@code default}
   * @param closedLoop the server's closed loop with its default thresholds, or off
   */
  RealServer(Path data, Clock clock, Path source, int slots, boolean closedLoop, HttpClient http) throws IOException {
    this.source = source;
    this.http = http;
    ClosedLoopPolicy d = ClosedLoopPolicy.defaults();
    ServerConfig config = ServerConfig.defaults(data).withListen(new InetSocketAddress("127.0.0.1", 0))
        .withToken(Optional.of(TOKEN))
        .withLocks(new LockPolicy(Map.of(), slots, false, Optional.empty()))
        .withClosedLoop(new ClosedLoopPolicy(closedLoop, d.failedNodes(), d.failedRatio(), d.ratioMinTakers()));
    server = FleetServer.start(config, clock, errors::add);
  }

  URI base() {
    return server.uri();
  }

  /** {@code caisson release publish --stream stable --version V --from SOURCE --ref REF [--start --duration]}. */
  void publish(String version, String ref, Optional<Instant> start, Optional<Long> durationMinutes)
      throws IOException {
    ObjectNode body = json.createObjectNode().put("stream", "stable").put("version", version)
        .put("source", source.toString()).put("ref", ref).put("arch", "x86_64");
    ObjectNode rollout = body.putObject("rollout");
    start.ifPresent(s -> rollout.put("start_epoch", s.getEpochSecond()));
    durationMinutes.ifPresent(m -> rollout.put("duration_minutes", m));
    admin("releases/publish", body);
  }

  /** {@code caisson release resume}. */
  void resume(String version) throws IOException {
    admin("releases/resume", json.createObjectNode().put("stream", "stable").put("version", version));
  }

  private void admin(String action, ObjectNode body) throws IOException {
    HttpRequest req = HttpRequest.newBuilder(base().resolve("v1/admin/" + action))
        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    HttpResponse<String> r;
    try {
      r = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    if (r.statusCode() != 200) {
      throw new IOException(action + ": " + r.statusCode() + " " + r.body());
    }
  }

  /** The release's pause, as {@code caisson release list} shows it. */
  Optional<Pause> pause(String version) throws IOException {
    return new Releases(server.store()).stream("stable").flatMap(s -> s.release(version)).flatMap(r -> r.pause());
  }

  /** The node ids holding a slot of the group {@code default}. */
  List<String> holders() throws IOException {
    return server.store().get(Table.LOCKS, LockPolicy.DEFAULT_GROUP).map(Versioned::value).orElse(LockGroup.EMPTY)
        .holders().stream().map(LockGroup.Holder::id).toList();
  }

  /** The server's inventory record of a node. */
  Optional<NodeRecord> node(String uuid) throws IOException {
    return server.store().get(Table.NODES, uuid).map(Versioned::value);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
