package dev.caisson.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.server.lock.GroupPolicy;
import dev.caisson.server.lock.LockPolicy;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsDashboardTest {
  @TempDir Path dir;
  TestServer s;
  SourceRepo src;
  String c1;

  @BeforeEach
  void start() throws Exception {
    var policy = new LockPolicy(Map.of("workers", new GroupPolicy("workers", 3, ZoneOffset.UTC, List.of())), 1, false,
        Optional.empty());
    s = new TestServer(dir.resolve("data"), c -> c.withLocks(policy));
    src = new SourceRepo(dir.resolve("src"));
    c1 = src.commit("1.0");
    s.admin("releases/publish", src.publish("stable", "1.0", ""));
    src.commit("1.1");
    long now = s.clock.millis() / 1000;
    s.admin("releases/publish", src.publish("stable", "1.1",
        "\"rollout\":{\"start_epoch\":" + now + ",\"start_value\":0,\"duration_minutes\":100}"));
    s.clock.advanceSeconds(25 * 60);
    for (int i = 0; i < 3; i++) {
      s.get("v1/graph?basearch=x86_64&stream=stable&os_version=1.0&os_checksum=" + c1 + "&node_uuid=n" + i);
    }
    s.post("v1/pre-reboot", "{\"client_params\":{\"id\":\"n0\",\"group\":\"workers\"}}", "fleet-lock-protocol",
        "true");
    s.post("v1/report", "{\"node_uuid\":\"<script>x</script>\",\"stream\":\"stable\",\"state\":\"idle\"}");
  }

  @AfterEach
  void stop() throws Exception {
    s.close();
    assertThat(s.errors).isEmpty();
  }

  @Test
  void prometheusText() throws Exception {
    var r = s.get("metrics");
    assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
    String m = r.body();
    assertThat(m).contains("# TYPE caisson_requests_total counter")
        .contains("caisson_requests_total{endpoint=\"graph\",code=\"200\"} 3")
        .contains("caisson_graph_serves_total{stream=\"stable\",basearch=\"x86_64\",with_update=\"true\"}")
        .contains("caisson_fleetlock_requests_total{api=\"pre-reboot\",result=\"ok\"} 1")
        .contains("caisson_locks_held{group=\"workers\"} 1").contains("caisson_locks_held{group=\"default\"} 0")
        .contains("caisson_lock_slots{group=\"workers\"} 3")
        .contains("caisson_nodes{stream=\"stable\",version=\"1.0\",state=\"\",stale=\"false\"} 3")
        .contains("caisson_rollout_pauses 0");
    var line = Pattern.compile("^(# (HELP|TYPE) .*|[a-z_]+(\\{[^}]*\\})? [0-9.]+)$");
    for (String l : m.split("\n")) {
      assertThat(l).matches(line);
    }
  }

  @Test
  void dashboardShowsStreamsLocksAndNodes() throws Exception {
    var r = s.get("");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/html");
    String page = r.body();
    assertThat(page).contains("Stream stable").contains("data-version=\"1.1\"").contains("25.0%")
        .contains("3 (75.0%)").contains("<td>workers</td><td>3</td><td>n0</td><td>2026-06-01T12:25:00Z")
        .contains("id=\"filter\"").contains("<script>").contains("4 nodes, 0 stale");
    assertThat(page).contains("&lt;script&gt;x&lt;/script&gt;").doesNotContain("<script>x</script>");
  }

  @Test
  void reportStatesAreBoundedLabels() throws Exception {
    s.post("v1/report", "{\"node_uuid\":\"n9\",\"state\":\"healthy\"}");
    s.post("v1/report", "{\"node_uuid\":\"n9\",\"state\":\"made-up-state-1234\"}");
    String m = s.get("metrics").body();
    assertThat(m).contains("caisson_reports_total{state=\"healthy\"} 1")
        .contains("caisson_reports_total{state=\"other\"} 1").doesNotContain("made-up-state-1234\"} ");
  }

  @Test
  void theNodeTableShowsTheNodesSeenLastWhenTheFleetIsLarge() throws Exception {
    for (int i = 0; i < 2001; i++) {
      s.get("v1/graph?basearch=x86_64&stream=stable&node_uuid=bulk" + i);
    }
    s.clock.advanceSeconds(60);
    s.get("v1/graph?basearch=x86_64&stream=stable&node_uuid=latest");
    String page = s.get("").body();
    assertThat(page).contains("The 2000 nodes seen last, of 2006").contains("<td>latest</td>");
    String table = page.substring(page.indexOf("<table id=\"nodes\">"));
    assertThat(table.split("<tr", -1).length - 2).as("rows after the header").isEqualTo(2000);
  }
}
