package dev.caisson.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caisson.server.graph.Metadata;
import dev.caisson.store.Repo;
import dev.caisson.store.RepoMode;
import dev.caisson.store.StoreListener;
import dev.caisson.store.transport.Puller;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The graph endpoint end to end: releases published through the admin API, graphs read as Zincati reads them. */
class GraphHttpTest {
  @TempDir Path dir;
  TestServer s;
  SourceRepo src;

  @BeforeEach
  void start() throws Exception {
    s = new TestServer(dir.resolve("data"), c -> c.withStreams(Set.of("stable", "testing")));
    src = new SourceRepo(dir.resolve("src"));
  }

  @AfterEach
  void stop() throws Exception {
    s.close();
    assertThat(s.errors).isEmpty();
  }

  private String publish(String version, String extra) throws Exception {
    String commit = src.commit(version);
    var r = s.admin("releases/publish", src.publish("stable", version, extra));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return commit;
  }

  private JsonNode graph(String params) throws Exception {
    var r = s.get("v1/graph?basearch=x86_64&stream=stable&" + params);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).contains("application/json");
    return s.parse(r);
  }

  /** Zincati's find_update: from the booted payload, the valid target with the highest age_index, never lower. */
  static Optional<JsonNode> zincatiTarget(JsonNode graph, String bootedPayload) {
    JsonNode nodes = graph.get("nodes");
    int booted = -1;
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).get("payload").asText().equals(bootedPayload)) {
        booted = i;
      }
    }
    if (booted < 0) {
      return Optional.empty();
    }
    long current = Long.parseLong(nodes.get(booted).get("metadata").get(Metadata.AGE_INDEX).asText());
    JsonNode best = null;
    for (JsonNode e : graph.get("edges")) {
      if (e.get(0).asInt() != booted) {
        continue;
      }
      JsonNode t = nodes.get(e.get(1).asInt());
      assertThat(t.get("version").asText()).isNotEmpty();
      assertThat(t.get("payload").asText()).isNotEmpty();
      assertThat(t.get("metadata").get(Metadata.SCHEME).asText()).isEqualTo("checksum");
      long age = Long.parseLong(t.get("metadata").get(Metadata.AGE_INDEX).asText());
      if (best == null || age > Long.parseLong(best.get("metadata").get(Metadata.AGE_INDEX).asText())) {
        best = t;
      }
    }
    if (best == null || Long.parseLong(best.get("metadata").get(Metadata.AGE_INDEX).asText()) <= current) {
      return Optional.empty();
    }
    return Optional.of(best);
  }

  @Test
  void zincatiPicksTheNewestReleaseItMayTake() throws Exception {
    long now = s.clock.millis() / 1000;
    String c1 = publish("1.0", "");
    publish("1.1", "");
    publish("1.2", "\"rollout\":{\"start_epoch\":" + (now + 3600) + ",\"start_value\":0,\"duration_minutes\":60}");
    String node = "c988d2509fdf5cdcbed39037c56406fb";
    JsonNode g = graph("node_uuid=" + node + "&os_checksum=" + c1 + "&os_version=1.0");
    assertThat(g.get("nodes")).hasSize(3);
    assertThat(zincatiTarget(g, c1)).map(t -> t.get("version").asText()).contains("1.1");
    s.clock.advanceSeconds(2 * 3600 + 1);
    g = graph("node_uuid=" + node + "&os_checksum=" + c1);
    assertThat(zincatiTarget(g, c1)).map(t -> t.get("version").asText()).contains("1.2");
    String c12 = g.get("nodes").get(2).get("payload").asText();
    assertThat(zincatiTarget(graph("node_uuid=" + node + "&os_checksum=" + c12), c12)).as("nothing newer").isEmpty();
    var rollout = g.get("nodes").get(2).get("metadata");
    assertThat(rollout.get(Metadata.ROLLOUT).asText()).isEqualTo("true");
    assertThat(rollout.get(Metadata.START_EPOCH).asText()).isEqualTo(Long.toString(now + 3600));
    assertThat(rollout.get(Metadata.DURATION).asText()).isEqualTo("60");
  }

  @Test
  void rolloutThrottlesByWarinessOverTime() throws Exception {
    long now = s.clock.millis() / 1000;
    String c1 = publish("1.0", "");
    publish("1.1", "\"rollout\":{\"start_epoch\":" + now + ",\"start_value\":0,\"duration_minutes\":100}");
    s.clock.advanceSeconds(30 * 60); // throttle 0.3
    assertThat(graph("os_checksum=" + c1 + "&rollout_wariness=0.29").get("edges")).hasSize(1);
    assertThat(graph("os_checksum=" + c1 + "&rollout_wariness=0.31").get("edges")).isEmpty();
    s.clock.advanceSeconds(60 * 60); // 0.9
    assertThat(graph("os_checksum=" + c1 + "&rollout_wariness=0.31").get("edges")).hasSize(1);
  }

  @Test
  void unknownStreamOrArchAreJsonErrors() throws Exception {
    publish("1.0", "");
    var r = s.get("v1/graph?basearch=x86_64&stream=nightly");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(s.parse(r).get("kind").asText()).isEqualTo("unknown_stream");
    r = s.get("v1/graph?basearch=mips&stream=stable");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(s.parse(r).get("kind").asText()).isEqualTo("unknown_basearch");
    r = s.get("v1/graph?stream=stable");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(s.parse(r).get("kind").asText()).isEqualTo("missing_basearch");
    r = s.get("v1/graph?basearch=x86_64");
    assertThat(s.parse(r).get("kind").asText()).isEqualTo("missing_stream");
    var empty = s.get("v1/graph?basearch=x86_64&stream=testing");
    assertThat(empty.statusCode()).as("configured stream, nothing published").isEqualTo(200);
    assertThat(empty.body()).isEqualTo("{\"nodes\":[],\"edges\":[]}");
    assertThat(s.post("v1/graph", "").statusCode()).isEqualTo(405);
  }

  @Test
  void changesShowAtOnceDespiteTheCache() throws Exception {
    String c1 = publish("1.0", "");
    publish("1.1", "");
    assertThat(graph("os_checksum=" + c1).get("edges")).hasSize(1);
    assertThat(s.admin("releases/pause", "{\"stream\":\"stable\",\"version\":\"1.1\",\"reason\":\"bug 7\"}")
        .statusCode()).isEqualTo(200);
    assertThat(graph("os_checksum=" + c1).get("edges")).isEmpty();
    s.admin("releases/resume", "{\"stream\":\"stable\",\"version\":\"1.1\"}");
    assertThat(graph("os_checksum=" + c1).get("edges")).hasSize(1);
    s.admin("releases/deadend", "{\"stream\":\"stable\",\"version\":\"1.0\",\"reason\":\"https://x/1\"}");
    JsonNode g = graph("os_checksum=" + c1);
    assertThat(g.get("edges")).isEmpty();
    assertThat(g.get("nodes").get(0).get("metadata").get(Metadata.DEADEND_REASON).asText()).isEqualTo("https://x/1");
  }

  @Test
  void barrierSetThroughTheApi() throws Exception {
    String c1 = publish("1.0", "");
    publish("1.1", "");
    publish("1.2", "");
    assertThat(zincatiTarget(graph("os_checksum=" + c1), c1)).map(t -> t.get("version").asText()).contains("1.2");
    assertThat(s.admin("releases/barrier", "{\"stream\":\"stable\",\"version\":\"1.1\",\"reason\":\"keys\"}")
        .statusCode()).isEqualTo(200);
    assertThat(zincatiTarget(graph("os_checksum=" + c1), c1)).map(t -> t.get("version").asText()).contains("1.1");
  }

  @Test
  void rateLimitAsNebraska() throws Exception {
    String c1 = publish("1.0", "");
    publish("1.1", "\"rate_limit\":{\"max_per_period\":2,\"period_minutes\":60,\"max_in_progress\":2,"
        + "\"timeout_minutes\":30}");
    assertThat(graph("node_uuid=n1&os_checksum=" + c1).get("edges")).hasSize(1);
    assertThat(graph("node_uuid=n2&os_checksum=" + c1).get("edges")).hasSize(1);
    assertThat(graph("node_uuid=n3&os_checksum=" + c1).get("edges")).as("2 per hour").isEmpty();
    assertThat(graph("node_uuid=n1&os_checksum=" + c1).get("edges")).as("a grant is kept").hasSize(1);
    assertThat(graph("os_checksum=" + c1).get("edges")).as("anonymous clients cannot be counted").isEmpty();
    s.clock.advanceSeconds(61 * 60);
    assertThat(graph("node_uuid=n3&os_checksum=" + c1).get("edges")).as("new period, grants timed out").hasSize(1);
  }

  @Test
  void publishedCommitsAreServedFromRepo() throws Exception {
    String c1 = publish("1.0", "");
    var ref = s.get("repo/refs/heads/caisson/stable/x86_64/1.0");
    assertThat(ref.statusCode()).isEqualTo(200);
    assertThat(ref.body().strip()).isEqualTo(c1);
    assertThat(s.get("repo/../../etc/passwd").statusCode()).isIn(400, 404);
    assertThat(s.get("repo/nothing-here").statusCode()).isEqualTo(404);
    Repo node = Repo.init(dir.resolve("node"), RepoMode.ARCHIVE);
    var puller = new Puller(node, s.uri("repo/"), StoreListener.SILENT);
    var got = puller.pull(c1, Optional.empty());
    assertThat(got.name()).isEqualTo(c1);
    // in packs: fewer requests than objects
    assertThat(puller.packRequests()).isPositive().isLessThan(puller.objectRequests());
    assertThat(new dev.caisson.store.Fsck(node, StoreListener.SILENT).run().ok()).isTrue();
    var malformed = s.post("repo/caisson/objects", "not a pack");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("bytes");
    var again = s.admin("releases/publish", src.publish("stable", "1.0", ""));
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(s.parse(again).get("value").asText()).contains("already has version 1.0");
  }

  @Test
  void adminNeedsTheToken() throws Exception {
    var r = s.post("v1/admin/releases/publish", src.publish("stable", "1.0", ""), "Authorization", "Bearer nope");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).doesNotContain(TestServer.TOKEN);
    assertThat(s.get("v1/admin/streams").statusCode()).isEqualTo(401);
  }

  @Test
  void graphRequestsFillTheInventory() throws Exception {
    String c1 = publish("1.0", "");
    graph("node_uuid=n1&os_checksum=" + c1 + "&os_version=1.0&group=workers&platform=qemu");
    var r = s.http.send(java.net.http.HttpRequest.newBuilder(s.uri("v1/admin/nodes"))
        .header("Authorization", "Bearer " + TestServer.TOKEN).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    JsonNode nodes = s.parse(r);
    assertThat(nodes).hasSize(1);
    assertThat(nodes.get(0).get("id").asText()).isEqualTo("n1");
    assertThat(nodes.get(0).get("group").asText()).isEqualTo("workers");
    assertThat(nodes.get(0).get("platform").asText()).isEqualTo("qemu");
    assertThat(nodes.get(0).get("bootedVersion").asText()).isEqualTo("1.0");
  }
}
