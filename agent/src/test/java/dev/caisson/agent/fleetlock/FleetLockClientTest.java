package dev.caisson.agent.fleetlock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against two tiny in-test servers: one answers as airlock does (500 text/plain JSON
 * when the semaphore is full, 200 on unlock by a non-holder), one as poseidon/fleetlock does (423
 * lock_held, also for an unlock by a non-holder).
 */
class FleetLockClientTest {
  FakeLockServer lock;
  HttpServer server;

  URI start(int slots, boolean poseidon) throws IOException {
    lock = new FakeLockServer(poseidon ? FakeLockServer.Flavour.POSEIDON : FakeLockServer.Flavour.AIRLOCK, slots);
    return lock.base();
  }

  @AfterEach
  void stop() {
    if (lock != null) {
      lock.close();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  FleetLockClient client(URI base, String id) {
    return new FleetLockClient(base, id, "workers", HttpClient.newHttpClient());
  }

  @Test
  void airlockFullSemaphoreIs500AndMeansTryLater() throws Exception {
    URI base = start(2, false);
    assertThat(client(base, "a").preReboot().granted()).isTrue();
    assertThat(client(base, "a").preReboot().granted()).as("recursive").isTrue();
    assertThat(client(base, "b").preReboot().granted()).isTrue();
    LockAnswer full = client(base, "c").preReboot();
    assertThat(full).isInstanceOf(LockAnswer.TryLater.class);
    assertThat(((LockAnswer.TryLater) full).status()).isEqualTo(500);
    assertThat(((LockAnswer.TryLater) full).kind()).isEqualTo("failed_lock");
    assertThat(((LockAnswer.TryLater) full).value()).isEqualTo("all 2 semaphore slots currently locked");
    assertThat(client(base, "c").steadyState().granted()).as("unlock by a non-holder").isTrue();
    assertThat(client(base, "a").steadyState().granted()).isTrue();
    assertThat(client(base, "c").preReboot().granted()).isTrue();
    assertThat(lock.seen()).allSatisfy(s -> {
      assertThat(s.header()).isEqualTo("true");
      assertThat(s.group()).isEqualTo("workers");
      assertThat(s.path()).startsWith("/prefix/v1/");
    });
  }

  @Test
  void poseidonLockHeldIs423AndMeansTryLater() throws Exception {
    URI base = start(1, true);
    assertThat(client(base, "a").preReboot().granted()).isTrue();
    LockAnswer held = client(base, "b").preReboot();
    assertThat(held).isEqualTo(new LockAnswer.TryLater(423, "lock_held", "lock is held by another node"));
    assertThat(client(base, "b").steadyState()).isInstanceOf(LockAnswer.TryLater.class);
    assertThat(client(base, "a").steadyState().granted()).isTrue();
    assertThat(client(base, "b").preReboot().granted()).isTrue();
  }

  @Test
  void otherErrorsAreFailuresWithTheirKind() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.start();
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prefix/");
    server.createContext("/", ex -> {
      byte[] b = "{\"kind\":\"unknown_group\",\"value\":\"group workers is not configured\"}".getBytes();
      ex.sendResponseHeaders(400, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    assertThat(client(base, "a").preReboot())
        .isEqualTo(new LockAnswer.Failed(400, "unknown_group", "group workers is not configured"));
    server.stop(0);
    assertThat(client(base, "a").preReboot()).isInstanceOfSatisfying(LockAnswer.Failed.class,
        f -> assertThat(f.kind()).isEqualTo("http_transport"));
    server = null;
  }

  @Test
  void aBaseWithoutTrailingSlashLosesItsLastSegmentAsInZincati() throws Exception {
    URI base = start(1, false);
    URI noSlash = URI.create(base.toString().replaceAll("/prefix/$", "/prefix"));
    assertThat(client(noSlash, "a").preReboot().granted()).isTrue();
    assertThat(lock.seen().get(0).path()).isEqualTo("/v1/pre-reboot");
  }
}
