package dev.caisson.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.agent.graph.GraphException;
import dev.caisson.agent.graph.Release;
import dev.caisson.agent.graph.UpdateGraph;
import dev.caisson.agent.strategy.Decision;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state machine from tables: a start state, the world, the state after one tick. */
class UpdateAgentTest {
  static final Release V1 = rel("1.0", "a", 1);
  static final Release V2 = rel("2.0", "b", 2);

  static Release rel(String v, String c, int age) {
    return new Release(v, c.repeat(64), Map.of(Release.SCHEME, "checksum", Release.AGE_INDEX, "" + age));
  }

  @TempDir Path tmp;

  /** A scriptable world around the agent. */
  final class World implements Node {
    String booted = V1.payload();
    boolean updateInGraph = true;
    boolean graphDown;
    boolean stageFails;
    boolean healthy = true;
    Optional<String> rollback = Optional.empty();
    boolean lockFree = true;
    int sessions;
    final List<String> staged = new ArrayList<>();
    final List<String> reboots = new ArrayList<>();
    final List<NodeReport> reports = new ArrayList<>();
    final List<String> lockCalls = new ArrayList<>();
    /** What the node did, in order: "stage VERSION", "unlock", "reboot". */
    final List<String> log = new ArrayList<>();
    final List<Release> releases = new ArrayList<>(List.of(V1, V2));
    Instant now = Instant.parse("2026-12-01T00:00:00Z");
    final Clock clock = new Clock() {
      public Instant instant() {
        return now;
      }

      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };
    final StateFile file = new StateFile(tmp.resolve("state-" + System.nanoTime() + ".json"));

    public Booted booted() {
      return new Booted(booted, booted.equals(V1.payload()) ? "1.0" : "2.0", Optional.of("stable"));
    }

    public Set<String> otherDeployments() {
      return Set.of();
    }

    public void stage(Release t) throws IOException {
      if (stageFails) {
        throw new IOException("disk full");
      }
      staged.add(t.version());
      log.add("stage " + t.version());
    }

    public void unlockFinalization() {
      log.add("unlock");
    }

    public void discardStaged() {
      log.add("discard");
    }

    public Health checkHealth() {
      return new Health(healthy, healthy ? "healthy" : "required check 10-app.sh exited 1");
    }

    public Optional<String> rollbackReason() {
      return rollback;
    }

    public Optional<String> finalizeFailure() {
      return Optional.empty();
    }

    UpdateAgent agent() {
      var strategy = new dev.caisson.agent.strategy.Strategy.Immediate();
      return new UpdateAgent(
          new UpdateAgent.Identity("c".repeat(32), "default", Optional.empty(), Optional.empty(), "x86_64", true,
              false),
          this, q -> {
            if (graphDown) {
              throw new GraphException("http_transport", "connection refused");
            }
            var edges = new ArrayList<int[]>();
            for (int i = 1; updateInGraph && i < releases.size(); i++) {
              edges.add(new int[] {0, i});
            }
            return new UpdateGraph(List.copyOf(releases), edges);
          }, strategy, () -> sessions, reports::add, why -> {
            reboots.add(why);
            log.add("reboot");
          }, file, clock, AgentListener.SILENT, new AgentMetrics());
    }
  }

  record Row(String name, AgentState from, Consumer<World> world, String to) {}

  static final AgentState INIT = new AgentState.Initialized();
  static final AgentState STEADY = new AgentState.ReportedSteady();
  static final AgentState NONE = new AgentState.NoNewUpdate();
  static final AgentState AVAILABLE = new AgentState.UpdateAvailable(V2);
  static final AgentState STAGED = new AgentState.UpdateStaged(V2);

  static final List<Row> ROWS = List.of(
      new Row("start, nothing pending", INIT, w -> {}, "reported_steady"),
      new Row("steady, update in graph", STEADY, w -> {}, "update_available"),
      new Row("steady, no edge", STEADY, w -> w.updateInGraph = false, "no_new_update"),
      new Row("no update, graph down", NONE, w -> w.graphDown = true, "no_new_update"),
      new Row("no update, update appears", NONE, w -> {}, "update_available"),
      new Row("available, stages", AVAILABLE, w -> {}, "update_staged"),
      new Row("available, staging fails", AVAILABLE, w -> w.stageFails = true, "update_available"),
      new Row("staged, immediate, nobody logged in", STAGED, w -> {}, "update_finalized"),
      new Row("staged, a user is logged in", STAGED, w -> w.sessions = 1, "update_staged"),
      new Row("rebooted into the update, healthy", INIT, w -> {
        w.booted = V2.payload();
        pending(w);
      }, "reported_steady"),
      new Row("rebooted into the update, unhealthy", INIT, w -> {
        w.booted = V2.payload();
        w.healthy = false;
        pending(w);
      }, "end"),
      new Row("rolled back by boot counting", INIT, w -> {
        w.rollback = Optional.of("rolled back: deployment b used all its boot attempts");
        pending(w);
      }, "reported_steady"));

  static void pending(World w) {
    try {
      w.file.write(PersistedState.empty().withPending(Optional.of(new PersistedState.Pending(V2.payload(), "2.0",
          "1.0"))));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void oneTickFromEachRow() throws Exception {
    for (Row row : ROWS) {
      World w = new World();
      row.world().accept(w);
      UpdateAgent agent = w.agent();
      agent.enter(row.from());
      assertThat(agent.tick().label()).as(row.name() + ": " + agent.reason()).isEqualTo(row.to());
    }
  }

  @Test
  void aFullPassStagesRebootsAndAfterAHealthyBootReportsSteady() throws Exception {
    World w = new World();
    UpdateAgent a = w.agent();
    for (int i = 0; i < 5; i++) {
      a.tick();
    }
    assertThat(a.state()).isEqualTo(new AgentState.UpdateFinalized(V2));
    assertThat(w.staged).containsExactly("2.0");
    assertThat(w.reboots).hasSize(1);
    assertThat(w.file.read().pending()).hasValueSatisfying(p -> assertThat(p.version()).isEqualTo("2.0"));
    assertThat(w.reports).extracting(NodeReport::state).containsExactly("idle", "staged", "rebooting");
    // the reboot: a new agent on the new deployment
    w.booted = V2.payload();
    UpdateAgent after = w.agent();
    assertThat(after.tick()).isEqualTo(new AgentState.ReportedSteady());
    assertThat(w.file.read().pending()).isEmpty();
    assertThat(w.reports.get(w.reports.size() - 1).state()).isEqualTo("idle");
    assertThat(w.reports).extracting(NodeReport::state).contains("healthy");
  }

  @Test
  void anUnhealthyBootDenylistsKeepsTheLockAndRebootsForTheFallback() throws Exception {
    World w = new World();
    w.booted = V2.payload();
    w.healthy = false;
    pending(w);
    UpdateAgent a = w.agent();
    a.tick();
    assertThat(a.state()).isInstanceOf(AgentState.End.class);
    assertThat(w.reboots).hasSize(1);
    PersistedState s = w.file.read();
    assertThat(s.denylist()).containsEntry(V2.payload(), "2.0");
    assertThat(s.holdLock()).isTrue();
    assertThat(w.reports).singleElement().satisfies(r -> {
      assertThat(r.state()).isEqualTo("failed");
      assertThat(r.stagedVersion()).isEqualTo("2.0");
      assertThat(r.lastError()).contains("10-app.sh exited 1");
    });
    // the fallback boot: back on 1.0, never retries 2.0
    w.booted = V1.payload();
    w.rollback = Optional.of("rolled back: deployment b used all its boot attempts (3 tried)");
    UpdateAgent back = w.agent();
    back.tick();
    assertThat(back.reason()).contains("keeping the reboot lock");
    assertThat(w.reports.get(w.reports.size() - 1).rollbacks())
        .containsExactly(new NodeReport.Rollback("2.0", "1.0"));
    assertThat(back.tick()).isEqualTo(new AgentState.NoNewUpdate());
    assertThat(back.reason()).contains("denylisted");
    assertThat(w.staged).isEmpty();
  }

  @Test
  void stagingGivesUpAfterTwelveAttemptsAsZincati() throws Exception {
    World w = new World();
    w.stageFails = true;
    UpdateAgent a = w.agent();
    a.enter(AVAILABLE);
    for (int i = 1; i < UpdateAgent.MAX_DEPLOY_ATTEMPTS; i++) {
      assertThat(a.tick()).isEqualTo(AVAILABLE);
      assertThat(w.file.read().attempts()).containsEntry(V2.payload(), i);
    }
    assertThat(a.tick()).isEqualTo(NONE);
    assertThat(w.file.read().attempts()).isEmpty();
  }

  @Test
  void interactiveSessionsPostponeAtMostTenTimes() throws Exception {
    World w = new World();
    w.sessions = 2;
    UpdateAgent a = w.agent();
    a.enter(STAGED);
    for (int i = 0; i < UpdateAgent.MAX_FINALIZE_POSTPONEMENTS; i++) {
      assertThat(a.tick()).isEqualTo(STAGED);
    }
    assertThat(a.reason()).contains("2 interactive session(s)");
    assertThat(a.tick()).isEqualTo(new AgentState.UpdateFinalized(V2));
    assertThat(a.metrics().value("caisson_update_agent_finalization_postponed_total", "")).isEqualTo(10);
  }

  @Test
  void pauseStopsStagingAndRebootingAndRebootNowOverridesTheStrategy() throws Exception {
    World w = new World();
    UpdateAgent a = w.agent();
    a.setPaused(true);
    a.enter(AVAILABLE);
    assertThat(a.tick()).isEqualTo(AVAILABLE);
    assertThat(a.reason()).startsWith("paused");
    a.setPaused(false);
    assertThat(a.tick()).isEqualTo(STAGED);
    w.sessions = 1;
    a.requestRebootNow();
    assertThat(a.tick()).isEqualTo(new AgentState.UpdateFinalized(V2));
    assertThat(a.reason()).contains("reboot-now");
  }

  @Test
  void theStagedUpdateIsUnlockedOnlyWhenTheRebootIsAllowed() throws Exception {
    World w = new World();
    w.sessions = 1;
    UpdateAgent a = w.agent();
    a.enter(AVAILABLE);
    assertThat(a.tick()).isEqualTo(STAGED);
    assertThat(a.tick()).as(a.reason()).isEqualTo(STAGED);
    assertThat(w.log).containsExactly("stage 2.0");
    w.sessions = 0;
    assertThat(a.tick()).isEqualTo(new AgentState.UpdateFinalized(V2));
    assertThat(w.log).containsExactly("stage 2.0", "unlock", "reboot");
  }

  @Test
  void aNewerReleaseReplacesTheStagedOneBeforeTheReboot() throws Exception {
    World w = new World();
    w.sessions = 1;
    UpdateAgent a = w.agent();
    a.enter(NONE);
    assertThat(a.tick()).isEqualTo(AVAILABLE);
    assertThat(a.tick()).isEqualTo(STAGED);
    Release v3 = rel("3.0", "c", 3);
    w.releases.add(v3);
    // not yet due: the last check was this very minute
    assertThat(a.tick()).isEqualTo(STAGED);
    w.now = w.now.plus(UpdateAgent.RECHECK_WHILE_STAGED);
    assertThat(a.tick()).isEqualTo(new AgentState.UpdateAvailable(v3));
    assertThat(a.reason()).isEqualTo("3.0 appeared while 2.0 waited for its reboot; it replaces the staged update");
    assertThat(a.tick()).isEqualTo(new AgentState.UpdateStaged(v3));
    w.sessions = 0;
    assertThat(a.tick()).isEqualTo(new AgentState.UpdateFinalized(v3));
    assertThat(w.log).containsExactly("stage 2.0", "stage 3.0", "unlock", "reboot");
    assertThat(w.file.read().pending()).hasValueSatisfying(p -> assertThat(p.version()).isEqualTo("3.0"));
  }

  @Test
  void whileStagedAnOlderOrDenylistedReleaseOrAFailedCheckChangesNothing() throws Exception {
    World w = new World();
    w.sessions = 1;
    UpdateAgent a = w.agent();
    a.enter(STAGED);
    // a denylisted newer release is not a reason to replace the staged one
    Release v3 = rel("3.0", "c", 3);
    w.releases.add(v3);
    w.file.write(w.file.read().deny(v3.payload(), "3.0"));
    assertThat(a.tick()).isEqualTo(STAGED);
    // check-now asks again at once; the graph is down: still staged, the error counted
    w.graphDown = true;
    a.requestCheckNow();
    assertThat(a.tick()).isEqualTo(STAGED);
    assertThat(a.metrics().value("caisson_cincinnati_update_checks_errors_total", "kind=\"http_transport\""))
        .isEqualTo(1);
    w.sessions = 0;
    assertThat(a.tick()).isEqualTo(new AgentState.UpdateFinalized(V2));
    assertThat(w.log).containsExactly("unlock", "reboot");
  }

  @Test
  void aStagedReleaseTheServerNoLongerOffersIsDropped() throws Exception {
    World w = new World();
    w.sessions = 1;
    UpdateAgent a = w.agent();
    a.enter(STAGED);
    w.updateInGraph = false;
    assertThat(a.tick()).isEqualTo(NONE);
    assertThat(a.reason()).startsWith("2.0 is no longer offered").endsWith("the staged deployment was dropped");
    assertThat(w.log).containsExactly("discard");
    assertThat(w.reports).extracting(NodeReport::state).containsExactly("idle");
    assertThat(w.reboots).isEmpty();
  }

  @Test
  void aLastLookBeforeTheRebootDropsAReleaseWithdrawnMeanwhile() throws Exception {
    World w = new World();
    w.sessions = 1;
    UpdateAgent a = w.agent();
    a.enter(NONE);
    assertThat(a.tick()).isEqualTo(AVAILABLE);
    assertThat(a.tick()).isEqualTo(STAGED);
    // ten minutes later (not yet due for the 30-min recheck) the server has paused 2.0 and the user logged out
    w.now = w.now.plusSeconds(600);
    w.updateInGraph = false;
    w.sessions = 0;
    assertThat(a.tick()).isEqualTo(NONE);
    assertThat(w.log).containsExactly("stage 2.0", "discard");
    assertThat(w.reboots).isEmpty();
  }

  @Test
  void unlockGivesBackTheSlotOfAFailedUpdateButNotDuringAnUpdatesReboot() throws Exception {
    World w = new World();
    w.file.write(PersistedState.empty().deny(V2.payload(), "2.0").withHoldLock(true));
    UpdateAgent a = w.agent();
    a.enter(new AgentState.UpdateFinalized(V2));
    a.releaseLock();
    assertThat(a.reason()).startsWith("unlock refused: the node is rebooting into 2.0");
    assertThat(w.file.read().holdLock()).isTrue();
    a.enter(NONE);
    a.releaseLock();
    assertThat(a.reason()).startsWith("reboot lock given back by an operator");
    assertThat(w.file.read().holdLock()).isFalse();
    assertThat(w.file.read().denylist()).containsEntry(V2.payload(), "2.0");
  }

  @Test
  void decisionsCarryTheirReason() {
    assertThat(Decision.no("closed").allowed()).isFalse();
    assertThat(Decision.yes("open").reason()).isEqualTo("open");
  }
}
