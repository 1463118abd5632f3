package dev.caisson.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caisson.server.store.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A server on 127.0.0.1, port 0, on a temp directory, with a hand-moved clock; closes itself. */
public final class TestServer implements AutoCloseable {
  public static final String TOKEN = "s3cret-token";
  public final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
  public final FleetServer server;
  public final List<Throwable> errors = new ArrayList<>();
  public final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  public final ObjectMapper json = Json.mapper();

  public TestServer(Path data, UnaryOperator<ServerConfig> tweak) throws IOException {
    ServerConfig config = tweak.apply(ServerConfig.defaults(data).withListen(new InetSocketAddress("127.0.0.1", 0))
        .withToken(Optional.of(TOKEN)));
    server = FleetServer.start(config, clock, errors::add);
  }

  public TestServer(Path data) throws IOException {
    this(data, c -> c);
  }

  public URI uri(String path) {
    return server.uri().resolve(path);
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> post(String path, String body, String... headers)
      throws IOException, InterruptedException {
    var b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> admin(String action, String body) throws IOException, InterruptedException {
    return post("v1/admin/" + action, body, "Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");
  }

  public JsonNode parse(HttpResponse<String> r) throws IOException {
    return json.readTree(r.body());
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
