package dev.caisson.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caisson.server.fleet.ClosedLoopPolicy;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A simulated fleet takes a release, some nodes roll back, the rollout halts itself, later nodes get no edge. */
class ClosedLoopTest {
  @TempDir Path dir;
  TestServer s;
  SourceRepo src;
  String c1;
  String c2;

  @BeforeEach
  void start() throws Exception {
    s = new TestServer(dir.resolve("data"), c -> c.withClosedLoop(new ClosedLoopPolicy(true, 2, 0.05, 20)));
    src = new SourceRepo(dir.resolve("src"));
    c1 = src.commit("1.0");
    assertThat(s.admin("releases/publish", src.publish("stable", "1.0", "")).statusCode()).isEqualTo(200);
    c2 = src.commit("1.1");
    assertThat(s.admin("releases/publish", src.publish("stable", "1.1", "")).statusCode()).isEqualTo(200);
  }

  @AfterEach
  void stop() throws Exception {
    s.close();
    assertThat(s.errors).isEmpty();
  }

  private JsonNode graph(String node, String checksum) throws Exception {
    var r = s.get("v1/graph?basearch=x86_64&stream=stable&node_uuid=" + node + "&os_checksum=" + checksum);
    assertThat(r.statusCode()).isEqualTo(200);
    return s.parse(r);
  }

  private void report(String node, String json) throws Exception {
    var r = s.post("v1/report", "{\"node_uuid\":\"" + node + "\",\"stream\":\"stable\"," + json + "}",
        "Content-Type", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private JsonNode release(String version) throws Exception {
    var r = s.http.send(HttpRequest.newBuilder(s.uri("v1/admin/streams"))
        .header("Authorization", "Bearer " + TestServer.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    for (JsonNode rel : s.parse(r).get(0).get("releases")) {
      if (rel.get("version").asText().equals(version)) {
        return rel;
      }
    }
    throw new AssertionError("no release " + version);
  }

  @Test
  void rollbacksHaltTheRollout() throws Exception {
    var fleet = new ArrayList<String>();
    for (int i = 0; i < 40; i++) {
      fleet.add(String.format("%032x", i + 1));
    }
    // the first ten nodes update: they see the edge, "boot" 1.1 and say so
    for (String n : fleet.subList(0, 10)) {
      assertThat(graph(n, c1).get("edges")).hasSize(1);
      report(n, "\"state\":\"healthy\",\"booted_version\":\"1.1\",\"booted_checksum\":\"" + c2 + "\"");
    }
    // one rolls back: below the threshold of 2, the rollout goes on
    report(fleet.get(0), "\"state\":\"idle\",\"booted_version\":\"1.0\",\"last_error\":\"health check failed\","
        + "\"rollbacks\":[{\"from_version\":\"1.1\",\"to_version\":\"1.0\"}]");
    assertThat(release("1.1").get("pause").isNull()).isTrue();
    assertThat(graph(fleet.get(20), c1).get("edges")).hasSize(1);
    // a second node fails to stage it: the threshold is passed
    report(fleet.get(1), "\"state\":\"failed\",\"booted_version\":\"1.0\",\"staged_version\":\"1.1\","
        + "\"last_error\":\"deploy: no space left\"");
    JsonNode pause = release("1.1").get("pause");
    assertThat(pause.get("automatic").asBoolean()).isTrue();
    assertThat(pause.get("reason").asText()).contains("2 of").contains("no space left");
    for (String n : fleet.subList(10, 40)) {
      assertThat(graph(n, c1).get("edges")).as("nodes asking afterwards get no edge").isEmpty();
    }
    String metrics = s.get("metrics").body();
    assertThat(metrics).contains("caisson_rollout_paused{stream=\"stable\",version=\"1.1\",automatic=\"true\"} 1")
        .contains("caisson_rollout_pauses 1");
    String page = s.get("").body();
    assertThat(page).contains("<b>halted</b>").contains("no space left");
    // an operator resumes it, and the edge is back
    assertThat(s.admin("releases/resume", "{\"stream\":\"stable\",\"version\":\"1.1\"}").statusCode())
        .isEqualTo(200);
    assertThat(graph(fleet.get(30), c1).get("edges")).hasSize(1);
  }

  @Test
  void aShareOfTakersAlsoTripsIt() throws Exception {
    s.close();
    s = new TestServer(dir.resolve("data2"), c -> c.withClosedLoop(new ClosedLoopPolicy(true, 100, 0.05, 20)));
    c1 = src.commit("2.0");
    s.admin("releases/publish", src.publish("stable", "2.0", ""));
    s.admin("releases/publish", src.publish("stable", "2.1", ""));
    for (int i = 0; i < 40; i++) {
      report("n" + i, "\"state\":\"healthy\",\"booted_version\":\"2.1\"");
    }
    report("n0", "\"state\":\"failed\",\"staged_version\":\"2.1\",\"last_error\":\"boom\"");
    assertThat(release("2.1").get("pause").isNull()).as("1 of 40 < 5 %").isTrue();
    report("n1", "\"state\":\"failed\",\"staged_version\":\"2.1\",\"last_error\":\"boom\"");
    assertThat(release("2.1").get("pause").get("automatic").asBoolean()).as("2 of 40 = 5 %").isTrue();
  }

  @Test
  void reportsAreValidated() throws Exception {
    var r = s.post("v1/report", "{\"state\":\"idle\"}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(s.parse(r).get("kind").asText()).isEqualTo("invalid_report");
    assertThat(s.get("v1/report").statusCode()).isEqualTo(405);
  }

  @Test
  void inventoryMarksStaleNodes() throws Exception {
    graph("n1", c1);
    assertThat(s.get("metrics").body()).contains("stale=\"false\"} 1");
    s.clock.advanceSeconds(2 * 3600);
    graph("n2", c1);
    String metrics = s.get("metrics").body();
    assertThat(metrics).contains("stale=\"true\"} 1").contains("stale=\"false\"} 1");
    assertThat(s.get("").body()).contains("(stale)");
  }
}
