package dev.caisson.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caisson.server.store.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as its own process on the embedded store: 1,000 clients hammer a 3-slot group, the process is killed
 * with SIGKILL mid-test and started again on the same data directory. Every grant a client was told of is still
 * held after the restart, holders never exceed 3, and all clients finish.
 */
class LockCrashTest {
  @TempDir Path dir;

  private Process start(Path config, Path data, int port) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        "dev.caisson.server.ServerMain", "--config", config.toString(), "--data", data.toString(), "--listen",
        "127.0.0.1:" + port).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line).as("the server announces itself").startsWith("listening ");
    return p;
  }

  private static Set<String> holders(URI base) throws Exception {
    var http = HttpClient.newHttpClient();
    var r = http.send(HttpRequest.newBuilder(base.resolve("v1/admin/locks")).header("Authorization", "Bearer t0ken")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    var out = new HashSet<String>();
    for (JsonNode group : Json.mapper().readTree(r.body())) {
      if (group.get("key").asText().equals("workers")) {
        group.get("value").get("holders").forEach(h -> out.add(h.get("id").asText()));
      }
    }
    return out;
  }

  @Test
  void sigkillMidTestLosesNoAcknowledgedGrant() throws Exception {
    Path config = dir.resolve("server.yaml");
    Files.writeString(config, """
        token: t0ken
        locks:
          groups:
            - name: workers
              slots: 3
        """);
    Path data = dir.resolve("data");
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    URI base = URI.create("http://127.0.0.1:" + port + "/");
    Process server = start(config, data, port);
    var hammer = new LockHammer(() -> base, "workers");
    var failures = new java.util.concurrent.CompletableFuture<List<Throwable>>();
    Thread clients = new Thread(() -> {
      try {
        failures.complete(hammer.run(1000));
      } catch (Throwable e) {
        failures.completeExceptionally(e);
      }
    });
    clients.start();
    try {
      while (hammer.grants.get() < 300) {
        Thread.sleep(5);
      }
      hammer.hold(); // granted clients now keep their slots until let go
      while (hammer.holding.isEmpty()) {
        Thread.sleep(5);
      }
      Set<String> acknowledged = Set.copyOf(hammer.holding);
      server.destroyForcibly(); // SIGKILL
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(server.exitValue()).isEqualTo(137);
      server = start(config, data, port);
      Set<String> after = holders(base);
      assertThat(after).as("every acknowledged grant survived").containsAll(acknowledged);
      assertThat(after.size()).isLessThanOrEqualTo(3);
      hammer.letGo();
      List<Throwable> errors = failures.get(600, TimeUnit.SECONDS);
      assertThat(errors).isEmpty();
      assertThat(hammer.unexpected).isEmpty();
      assertThat(hammer.grants.get()).isEqualTo(1000);
      assertThat(hammer.released.get()).isEqualTo(1000);
      assertThat(hammer.maxHolding.get()).isBetween(1, 3);
      assertThat(hammer.transportErrors.get()).as("clients saw the server go away").isPositive();
      assertThat(holders(base)).isEmpty();
    } finally {
      hammer.letGo();
      server.destroyForcibly();
      server.waitFor(30, TimeUnit.SECONDS);
      clients.join(60_000);
    }
  }
}
