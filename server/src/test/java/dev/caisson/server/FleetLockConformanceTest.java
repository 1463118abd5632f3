package dev.caisson.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.server.lock.GroupPolicy;
import dev.caisson.server.lock.LockPolicy;
import dev.caisson.server.lock.Window;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** FleetLock as zincati's protocol document says, over real HTTP. */
class FleetLockConformanceTest {
  @TempDir Path dir;
  TestServer s;

  @AfterEach
  void stop() throws Exception {
    if (s != null) {
      s.close();
    }
    assertThat(s.errors).isEmpty();
  }

  private TestServer server(LockPolicy policy) throws Exception {
    s = new TestServer(dir, c -> c.withLocks(policy));
    return s;
  }

  private static String body(String id, String group) {
    return group == null ? "{\"client_params\":{\"id\":\"" + id + "\"}}"
        : "{\"client_params\":{\"id\":\"" + id + "\",\"group\":\"" + group + "\"}}";
  }

  private HttpResponse<String> lock(String id, String group) throws Exception {
    return s.post("v1/pre-reboot", body(id, group), "fleet-lock-protocol", "true");
  }

  private HttpResponse<String> unlock(String id, String group) throws Exception {
    return s.post("v1/steady-state", body(id, group), "fleet-lock-protocol", "true");
  }

  private void assertError(HttpResponse<String> r, int status, String kind) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
    var err = s.parse(r);
    assertThat(err.get("kind").asText()).isEqualTo(kind);
    assertThat(err.get("value").asText()).isNotBlank();
    assertThat(err.size()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1/pre-reboot", "v1/steady-state"})
  void headerIsRequiredWithTheExactValueTrue(String path) throws Exception {
    server(LockPolicy.defaults());
    assertError(s.post(path, body("a", null)), 400, "missing_header");
    for (String wrong : List.of("True", "yes", "1", "")) {
      assertError(s.post(path, body("a", null), "fleet-lock-protocol", wrong.isEmpty() ? " " : wrong), 400,
          "missing_header");
    }
    assertThat(s.post(path, body("a", null), "fleet-lock-protocol", "true").statusCode()).isEqualTo(200);
  }

  /**
   * A refusal answered before the body is read must leave the kept-alive connection usable: the
   * server once closed it after such replies and the client, already reusing it, got no reply.
   */
  @Test
  void refusalsBeforeTheBodyIsReadKeepTheConnectionUsable() throws Exception {
    server(LockPolicy.defaults());
    for (int i = 0; i < 3000; i++) {
      assertError(s.post("v1/pre-reboot", body("a", null), "fleet-lock-protocol", "yes"), 400, "missing_header");
    }
    assertThat(lock("a", null).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @CsvSource({"GET,v1/pre-reboot", "PUT,v1/pre-reboot", "DELETE,v1/steady-state", "GET,v1/steady-state",
      "PATCH,v1/steady-state"})
  void onlyPost(String method, String path) throws Exception {
    server(LockPolicy.defaults());
    var r = s.http.send(HttpRequest.newBuilder(s.uri(path)).header("fleet-lock-protocol", "true")
        .method(method, HttpRequest.BodyPublishers.ofString(body("a", null))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertError(r, 405, "method_not_allowed");
    assertThat(r.headers().firstValue("allow")).contains("POST");
  }

  @Test
  void malformedBodiesAreRefused() throws Exception {
    server(LockPolicy.defaults());
    assertError(s.post("v1/pre-reboot", "not json", "fleet-lock-protocol", "true"), 400, "decode_error");
    assertError(s.post("v1/pre-reboot", "{}", "fleet-lock-protocol", "true"), 400, "invalid_client_identity");
    assertError(s.post("v1/pre-reboot", "{\"client_params\":{\"id\":\"\"}}", "fleet-lock-protocol", "true"), 400,
        "invalid_client_identity");
    assertError(s.post("v1/pre-reboot", "{\"client_params\":{\"id\":7}}", "fleet-lock-protocol", "true"), 400,
        "invalid_client_identity");
    assertError(lock("a", "bad group!"), 400, "invalid_client_group");
  }

  @Test
  void successIs200WithAJsonBody() throws Exception {
    server(LockPolicy.defaults());
    var r = lock("a", "default");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(s.parse(r).isObject()).isTrue();
  }

  @Test
  void defaultGroupHasOneSlotAndOtherGroupsAreUnknown() throws Exception {
    server(LockPolicy.defaults());
    assertThat(lock("a", null).statusCode()).isEqualTo(200);
    assertError(lock("b", "default"), 409, "failed_lock_semaphore_full");
    assertError(lock("a", "workers"), 400, "unknown_group");
    assertError(unlock("a", "workers"), 400, "unknown_group");
  }

  @Test
  void anyGroupWhenConfigured() throws Exception {
    server(new LockPolicy(Map.of(), 2, true, Optional.empty()));
    assertThat(lock("a", "workers").statusCode()).isEqualTo(200);
    assertThat(lock("b", "workers").statusCode()).isEqualTo(200);
    assertError(lock("c", "workers"), 409, "failed_lock_semaphore_full");
    assertThat(lock("c", "other").statusCode()).isEqualTo(200);
  }

  @Test
  void recursiveOwnedAndUnbalanced() throws Exception {
    server(LockPolicy.defaults());
    assertThat(lock("a", null).statusCode()).isEqualTo(200);
    assertThat(lock("a", null).statusCode()).as("recursive").isEqualTo(200);
    assertThat(lock("a", null).statusCode()).isEqualTo(200);
    assertThat(unlock("b", null).statusCode()).as("a non-holder's unlock succeeds").isEqualTo(200);
    assertError(lock("b", null), 409, "failed_lock_semaphore_full");
    assertThat(unlock("a", null).statusCode()).as("one unlock releases a recursive lock").isEqualTo(200);
    assertThat(unlock("a", null).statusCode()).as("unbalanced unlock").isEqualTo(200);
    assertThat(lock("b", null).statusCode()).isEqualTo(200);
    assertError(lock("A", null), 409, "failed_lock_semaphore_full"); // ids are case-sensitive
  }

  @Test
  void nodeUuidIsAcceptedForId() throws Exception {
    server(LockPolicy.defaults());
    var r = s.post("v1/pre-reboot", "{\"client_params\":{\"node_uuid\":\"n1\",\"group\":\"default\"}}",
        "fleet-lock-protocol", "true");
    assertThat(r.statusCode()).isEqualTo(200);
    assertError(lock("n2", null), 409, "failed_lock_semaphore_full");
  }

  @Test
  void slotsPerGroupFromConfiguration() throws Exception {
    server(new LockPolicy(Map.of("workers", new GroupPolicy("workers", 3, ZoneOffset.UTC, List.of())), 1, false,
        Optional.empty()));
    for (String id : List.of("a", "b", "c")) {
      assertThat(lock(id, "workers").statusCode()).isEqualTo(200);
    }
    var full = lock("d", "workers");
    assertError(full, 409, "failed_lock_semaphore_full");
    assertThat(s.parse(full).get("value").asText()).contains("3");
    assertThat(lock("d", "default").statusCode()).isEqualTo(200);
  }

  @Test
  void ttlTakesBackAStuckSlotOnlyWhenConfigured() throws Exception {
    server(new LockPolicy(Map.of(), 1, false, Optional.of(Duration.ofMinutes(10))));
    assertThat(lock("a", null).statusCode()).isEqualTo(200);
    s.clock.advanceSeconds(9 * 60);
    assertError(lock("b", null), 409, "failed_lock_semaphore_full");
    s.clock.advanceSeconds(2 * 60);
    assertThat(lock("b", null).statusCode()).isEqualTo(200);
  }

  @Test
  void withoutTtlAFailedNodeKeepsItsSlot() throws Exception {
    server(LockPolicy.defaults());
    assertThat(lock("a", null).statusCode()).isEqualTo(200);
    s.clock.advanceSeconds(30 * 24 * 3600);
    assertError(lock("b", null), 409, "failed_lock_semaphore_full");
  }

  @Test
  void adminReleasesAStuckLock() throws Exception {
    server(LockPolicy.defaults());
    assertThat(lock("a", null).statusCode()).isEqualTo(200);
    var denied = s.post("v1/admin/locks/release", "{\"group\":\"default\",\"id\":\"a\"}");
    assertError(denied, 401, "unauthorized");
    var r = s.admin("locks/release", "{\"group\":\"default\",\"id\":\"a\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(s.parse(r).get("released").asBoolean()).isTrue();
    assertThat(lock("b", null).statusCode()).isEqualTo(200);
  }

  @Test
  void maintenanceWindowsGateLocksButNotUnlocks() throws Exception {
    var window = new Window(Set.of(DayOfWeek.SATURDAY), LocalTime.of(2, 0), 120);
    server(new LockPolicy(Map.of("night", new GroupPolicy("night", 1, ZoneId.of("Europe/Paris"), List.of(window))),
        1, false, Optional.empty()));
    s.clock.set(Instant.parse("2026-06-01T12:00:00Z")); // a Monday
    assertError(lock("a", "night"), 409, "outside_maintenance_window");
    s.clock.set(Instant.parse("2026-06-06T01:30:00Z")); // Saturday 03:30 in Paris (UTC+2)
    assertThat(lock("a", "night").statusCode()).isEqualTo(200);
    s.clock.set(Instant.parse("2026-06-06T02:30:00Z")); // 04:30 Paris: closed again
    assertThat(lock("a", "night").statusCode()).as("a holder's repeat is still granted").isEqualTo(200);
    assertThat(unlock("a", "night").statusCode()).isEqualTo(200);
    assertError(lock("b", "night"), 409, "outside_maintenance_window");
  }

  @Test
  void backendFailureHasItsOwnKind() throws Exception {
    server(LockPolicy.defaults());
    s.server.store().close();
    assertError(lock("a", null), 503, "backend_unavailable");
    assertThat(s.errors).isEmpty();
  }
}
