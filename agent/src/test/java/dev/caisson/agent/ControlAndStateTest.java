package dev.caisson.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.agent.graph.UpdateGraph;
import dev.caisson.agent.strategy.SessionProbe;
import dev.caisson.agent.strategy.Strategy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file, the control directory, the service's requests, the metrics endpoint. */
class ControlAndStateTest {
  @TempDir Path tmp;

  @Test
  void stateFileRoundTripsAndLeavesNoTempFile() throws Exception {
    var f = new StateFile(tmp.resolve("var/lib/caisson/agent/state.json"));
    assertThat(f.read()).isEqualTo(PersistedState.empty());
    PersistedState s = PersistedState.empty().deny("b".repeat(64), "3.0").withAttempts("c".repeat(64), 4)
        .withPending(Optional.of(new PersistedState.Pending("d".repeat(64), "2.0", "1.0"))).withHoldLock(true)
        .withPaused(true);
    f.write(s);
    assertThat(f.read()).isEqualTo(s);
    try (var files = Files.list(f.path().getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
    }
  }

  UpdateAgent agent(Path state) {
    Node node = new Node() {
      public Booted booted() {
        return new Booted("a".repeat(64), "1.0", Optional.of("stable"));
      }

      public Set<String> otherDeployments() {
        return Set.of();
      }

      public void stage(dev.caisson.agent.graph.Release t) {}

      public void unlockFinalization() {}

      public void discardStaged() {}

      public Health checkHealth() {
        return new Health(true, "healthy");
      }

      public Optional<String> rollbackReason() {
        return Optional.empty();
      }

      public Optional<String> finalizeFailure() {
        return Optional.empty();
      }
    };
    return new UpdateAgent(new UpdateAgent.Identity("e".repeat(32), "default", Optional.of(0.25), Optional.empty(),
        "x86_64", true, false), node, q -> new UpdateGraph(List.of(), List.of()), new Strategy.Immediate(),
        SessionProbe.NONE, Reporter.NONE, r -> {}, new StateFile(state),
        Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC), AgentListener.SILENT, new AgentMetrics());
  }

  @Test
  void requestsReachTheServiceAndStatusComesBack() throws Exception {
    var control = new ControlDir(tmp.resolve("run/caisson/agent"));
    UpdateAgent agent = agent(tmp.resolve("state.json"));
    var service = new AgentService(agent, control, Duration.ofSeconds(300), new Random(1), AgentListener.SILENT);
    control.request(ControlDir.Request.PAUSE, 1);
    control.request(ControlDir.Request.CHECK_NOW, 2);
    assertThat(service.applyRequests()).isTrue();
    assertThat(control.take()).isEmpty();
    assertThat(new StateFile(tmp.resolve("state.json")).read().paused()).isTrue();
    service.runOnce();
    AgentStatus st = control.readStatus().orElseThrow();
    assertThat(st.state()).isEqualTo("no_new_update");
    assertThat(st.paused()).isTrue();
    assertThat(st.booted()).isEqualTo("1.0");
    assertThat(st.reason()).contains("not in the graph");
    assertThat(st.render()).contains("State: no_new_update", "Paused: yes");
    control.request(ControlDir.Request.RESUME, 3);
    service.applyRequests();
    assertThat(control.readStatus().orElseThrow().paused()).isFalse();
  }

  @Test
  void jitterAddsUpToTenPercent() {
    var service = new AgentService(agent(tmp.resolve("s.json")), new ControlDir(tmp), Duration.ofSeconds(300),
        new Random(5), AgentListener.SILENT);
    for (int i = 0; i < 200; i++) {
      assertThat(service.nextDelay()).isBetween(Duration.ofSeconds(300), Duration.ofSeconds(330));
    }
  }

  @Test
  void metricsAreServedOnLoopbackInPrometheusText() throws Exception {
    UpdateAgent agent = agent(tmp.resolve("state.json"));
    agent.tick();
    agent.tick();
    try (var server = new MetricsServer(agent.metrics(), 0)) {
      var resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(resp.statusCode()).isEqualTo(200);
      assertThat(resp.body()).contains("# TYPE caisson_cincinnati_update_checks_total counter",
          "caisson_cincinnati_update_checks_total 1", "caisson_update_agent_state{state=\"no_new_update\"} 1",
          "caisson_identity_rollout_wariness 0.25", "caisson_update_agent_updates_enabled 1");
      assertThat(resp.body()).doesNotContain("state=\"reported_steady\"");
    }
  }

  @Test
  void labelsAreEscaped() {
    assertThat(AgentMetrics.label("kind", "a\"b\\c")).isEqualTo("kind=\"a\\\"b\\\\c\"");
    assertThat(Map.of()).isEmpty();
  }
}
