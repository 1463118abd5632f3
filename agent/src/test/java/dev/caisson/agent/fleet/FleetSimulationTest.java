package dev.caisson.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.agent.PersistedState;
import dev.caisson.agent.StateFile;
import dev.caisson.agent.config.AgentConfig;
import dev.caisson.agent.config.StrategyKind;
import dev.caisson.agent.strategy.WeeklySchedule;
import dev.caisson.agent.strategy.WeeklyWindow;
import dev.caisson.deploy.SysrootLayout;
import dev.caisson.store.CommitWriter;
import dev.caisson.store.Repo;
import dev.caisson.store.RepoMode;
import dev.caisson.store.StoreListener;
import dev.caisson.store.gvariant.GVariant;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated fleet: real sysroots (deploy), real pulls (store), real agents, a tiny in-test update
 * server (graph with rollout throttling and a closed loop, FleetLock, reports, the repo) and a fake
 * clock. Figures go to target/fleet-figures.txt for docs/benchmarks.md.
 */
class FleetSimulationTest {
  /** Tuesday 2026-12-01 00:00 UTC. */
  static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  @TempDir Path tmp;
  SimClock clock;
  Repo origin;
  SimServer server;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final List<SimNode> fleet = new ArrayList<>();
  String v1;
  String v2;
  String v3bad;

  @BeforeEach
  void origin() throws Exception {
    clock = new SimClock(T0);
    origin = Repo.init(tmp.resolve("origin"), RepoMode.ARCHIVE).withFsync(false);
    v1 = commit("1.0", true);
    v2 = commit("2.0", true);
    v3bad = commit("3.0", false);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** An OS tree with a kernel and a required health check that passes or fails. */
  String commit(String version, boolean healthy) throws IOException {
    Path tree = tmp.resolve("tree-" + version);
    Files.createDirectories(tree.resolve("usr/lib/modules/6.1.0"));
    Files.createDirectories(tree.resolve("usr/etc"));
    Files.writeString(tree.resolve("usr/lib/modules/6.1.0/vmlinuz"), "kernel " + version);
    Files.writeString(tree.resolve("usr/etc/os-release"), "VERSION_ID=" + version + "\n");
    Path check = Files.createDirectories(tree.resolve("usr/lib/caisson/health/required.d")).resolve("10-app.sh");
    Files.writeString(check, "#!/bin/sh\n" + (healthy ? "exit 0" : "echo app does not start; exit 1") + "\n");
    Files.setPosixFilePermissions(check, PosixFilePermissions.fromString("rwxr-xr-x"));
    var o = new CommitWriter.Options(Optional.of("caisson/stable/x86_64"), "", "", Optional.empty(),
        Optional.of(T0.getEpochSecond()), List.of(Map.entry("version", GVariant.Variant.of("s", version)),
            Map.entry("caisson.stream", GVariant.Variant.of("s", "stable"))), true, Optional.empty(),
        Optional.empty(), false);
    return new CommitWriter(origin, StoreListener.SILENT).commit(tree, o).name();
  }

  void startServer(int slots) throws IOException {
    server = new SimServer(origin.path().toAbsolutePath().normalize().toRealPath(), clock, slots);
    server.releases.add(new SimServer.Rel("1.0", v1, 0, 0, 0));
  }

  /** n nodes on 1.0; node i has rollout wariness (i + 0.5) / n. */
  void fleet(int n, StrategyKind kind, List<WeeklyWindow> windows) throws IOException {
    for (int i = 0; i < n; i++) {
      double wariness = (i + 0.5) / n;
      AgentConfig base = AgentConfig.defaults()
          .withServer(server.base().toString(), Optional.of(wariness), "default")
          .withStrategy(kind, kind.fleetLock() ? Optional.of(server.base().toString()) : Optional.empty(), windows,
              ZoneOffset.UTC);
      String mid = String.format(Locale.ROOT, "%032x", 0xc0ffee00L + i);
      fleet.add(new SimNode("node" + i, tmp.resolve("node" + i), mid, clock, http, server.base().resolve("repo/"), v1,
          deployDir -> base.withHealth(List.of(deployDir.resolve("usr/lib/caisson/health")), 3, 0)));
    }
  }

  void step(Duration d) throws IOException {
    for (SimNode n : fleet) {
      n.step();
    }
    clock.advance(d);
  }

  long on(String version) throws IOException {
    long c = 0;
    for (SimNode n : fleet) {
      c += n.bootedVersion().equals(version) ? 1 : 0;
    }
    return c;
  }

  static void figure(String line) throws IOException {
    Path f = Path.of("target/fleet-figures.txt");
    Files.createDirectories(f.getParent());
    Files.writeString(f, line + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
  }

  @Test
  void a_theShareOfUpdatedNodesFollowsTheTimeBasedThreshold() throws Exception {
    startServer(1);
    int n = 20;
    fleet(n, StrategyKind.IMMEDIATE, List.of());
    var rollout = new SimServer.Rel("2.0", v2, 1, T0.plusSeconds(3600).getEpochSecond(), 2880);
    server.releases.add(rollout);
    Duration step = Duration.ofMinutes(10);
    Instant full = null;
    double worstLag = 0;
    for (int s = 0; s < 52 * 6; s++) {
      step(step);
      long updated = on("2.0");
      double now = server.throttle(rollout);
      // node i may have it only once its wariness is at or below the threshold ...
      long allowed = countAtOrBelow(n, now);
      assertThat(updated).as("at %s (threshold %.3f)", clock.instant(), now).isLessThanOrEqualTo(allowed);
      // ... and has it within 30 minutes of that
      clock.advance(Duration.ofMinutes(-30));
      double before = server.throttle(rollout);
      clock.advance(Duration.ofMinutes(30));
      assertThat(updated).as("at %s", clock.instant()).isGreaterThanOrEqualTo(countAtOrBelow(n, before));
      worstLag = Math.max(worstLag, now - (double) updated / n);
      if (updated == n && full == null) {
        full = clock.instant();
      }
    }
    assertThat(full).isNotNull();
    assertThat(fleet).allSatisfy(x -> assertThat(x.bootedVersions).endsWith("2.0"));
    figure(String.format(Locale.ROOT, "a: %d nodes, 48 h rollout from T0+1h: all updated at T0+%.1f h; largest gap "
        + "between threshold and updated share %.3f; graph requests %d", n,
        Duration.between(T0, full).toMinutes() / 60.0, worstLag, server.graphRequests));
  }

  static long countAtOrBelow(int n, double threshold) {
    long c = 0;
    for (int i = 0; i < n; i++) {
      c += (i + 0.5) / n <= threshold ? 1 : 0;
    }
    return c;
  }

  @Test
  void b_fleetLockWithThreeSlotsNeverRebootsMoreThanThreeAtOnce() throws Exception {
    startServer(3);
    int n = 50;
    fleet(n, StrategyKind.FLEET_LOCK, List.of());
    server.releases.add(new SimServer.Rel("2.0", v2, 1, 0, 0));
    int steps = 0;
    while (on("2.0") < n && steps < 100) {
      step(Duration.ofMinutes(5));
      assertThat(server.holders.size()).isLessThanOrEqualTo(3);
      steps++;
    }
    step(Duration.ofMinutes(5));
    assertThat(on("2.0")).isEqualTo(n);
    assertThat(server.maxHolders).isEqualTo(3);
    assertThat(server.holders).as("every node reported steady").isEmpty();
    assertThat(server.grants).hasSize(n);
    figure(String.format(Locale.ROOT, "b: %d nodes, fleet_lock 3 slots: max concurrent reboots %d; all updated after "
        + "%d min; busy answers (500) %d", n, server.maxHolders, steps * 5, server.lockBusy));
  }

  @Test
  void c_aFailingReleaseRollsBackPausesAndIsNeverRetried() throws Exception {
    startServer(1);
    int n = 20;
    fleet(n, StrategyKind.IMMEDIATE, List.of());
    var bad = new SimServer.Rel("3.0", v3bad, 2, T0.getEpochSecond(), 2880);
    server.releases.add(bad);
    for (int s = 0; s < 12 * 12; s++) {
      step(Duration.ofMinutes(5));
    }
    assertThat(server.paused).containsExactly("3.0");
    var took = fleet.stream().filter(x -> x.bootedVersions.contains("3.0")).toList();
    assertThat(took).as("the canaries took it").isNotEmpty().hasSizeLessThanOrEqualTo(2);
    for (SimNode x : took) {
      // three boots into 3.0 (boot counting), then back on 1.0 by itself
      assertThat(x.bootedVersions).containsSubsequence("1.0", "3.0", "3.0", "3.0", "1.0");
      assertThat(x.bootedVersion()).isEqualTo("1.0");
      PersistedState st = new StateFile(new SysrootLayout(x.root).var("caisson")
          .resolve("lib/caisson/agent/state.json")).read();
      assertThat(st.denylist()).containsEntry(v3bad, "3.0");
      assertThat(st.holdLock()).isTrue();
    }
    assertThat(fleet.stream().filter(x -> !took.contains(x))).allSatisfy(x ->
        assertThat(x.bootedVersions).containsOnly("1.0"));
    Instant firstFailure = server.reports.stream().filter(r -> r.state().equals("failed")).findFirst().orElseThrow().at();
    Duration toPause = Duration.between(firstFailure, server.pausedAt.get("3.0"));
    // the failed nodes never retry, even when the server offers the release again
    server.paused.clear();
    long bootsBefore = took.stream().mapToLong(x -> x.bootedVersions.size()).sum();
    for (int s = 0; s < 24; s++) {
      for (SimNode x : took) {
        x.step();
      }
      clock.advance(Duration.ofMinutes(5));
    }
    assertThat(took.stream().mapToLong(x -> x.bootedVersions.size()).sum()).isEqualTo(bootsBefore);
    assertThat(took).allSatisfy(x -> assertThat(x.agent.reason()).contains("denylisted"));
    figure(String.format(Locale.ROOT, "c: %d nodes, bad release over 48 h: %d node(s) took it, each rolled back "
        + "after 3 boots; first failure at T0+%d min, rollout paused %d s later; 0 retries", n, took.size(),
        Duration.between(T0, firstFailure).toMinutes(), toPause.toSeconds()));
  }

  @Test
  void d_aPeriodicNodeRebootsOnlyInsideItsWindow() throws Exception {
    startServer(1);
    var windows = List.of(
        new WeeklyWindow(Set.of(DayOfWeek.SATURDAY), LocalTime.of(23, 30), 90),
        new WeeklyWindow(Set.of(DayOfWeek.SUNDAY), LocalTime.of(23, 0), 120));
    fleet(4, StrategyKind.PERIODIC, windows);
    server.releases.add(new SimServer.Rel("2.0", v2, 1, 0, 0));
    var schedule = new WeeklySchedule(windows, ZoneId.of("UTC"));
    for (int s = 0; s < 8 * 24 * 12; s++) {
      step(Duration.ofMinutes(5));
    }
    assertThat(on("2.0")).isEqualTo(4);
    for (SimNode x : fleet) {
      assertThat(x.rebootsAt).isNotEmpty().allSatisfy(t -> assertThat(schedule.isOpen(t)).as("%s", t).isTrue());
    }
    Instant first = fleet.stream().flatMap(x -> x.rebootsAt.stream()).min(Instant::compareTo).orElseThrow();
    assertThat(first).isAfterOrEqualTo(Instant.parse("2026-12-05T23:30:00Z"));
    figure("d: 4 periodic nodes (Sat 23:30 +90 min, Sun 23:00 +120 min, crossing midnight and the week end): "
        + "every reboot inside a window; first reboot at " + first);
  }

  @Test
  void e_periodicAndFleetLockTogetherRespectBoth() throws Exception {
    startServer(2);
    var windows = List.of(new WeeklyWindow(EnumSet.allOf(DayOfWeek.class), LocalTime.of(2, 0), 30));
    fleet(10, StrategyKind.PERIODIC_FLEET_LOCK, windows);
    server.releases.add(new SimServer.Rel("2.0", v2, 1, 0, 0));
    var schedule = new WeeklySchedule(windows, ZoneId.of("UTC"));
    int s = 0;
    while (on("2.0") < 10 && s < 7 * 24 * 12) {
      step(Duration.ofMinutes(5));
      assertThat(server.holders.size()).isLessThanOrEqualTo(2);
      s++;
    }
    assertThat(on("2.0")).isEqualTo(10);
    assertThat(server.maxHolders).isEqualTo(2);
    assertThat(server.grants).allSatisfy(t -> assertThat(schedule.isOpen(t)).as("lock taken at %s", t).isTrue());
    for (SimNode x : fleet) {
      assertThat(x.rebootsAt).allSatisfy(t -> assertThat(schedule.isOpen(t)).as("%s", t).isTrue());
    }
    figure(String.format(Locale.ROOT, "e: 10 nodes, daily 02:00 +30 min window and 2 slots: all updated after %.1f h, "
        + "max concurrent %d, every lock and reboot inside the window", s * 5 / 60.0, server.maxHolders));
  }

  @Test
  void f_withoutTheServersPauseTheHeldLockAloneStopsTheFleet() throws Exception {
    startServer(1);
    server.closedLoop = false;
    fleet(10, StrategyKind.FLEET_LOCK, List.of());
    server.releases.add(new SimServer.Rel("3.0", v3bad, 2, 0, 0));
    for (int s = 0; s < 48; s++) {
      step(Duration.ofMinutes(5));
    }
    var took = fleet.stream().filter(x -> x.bootedVersions.contains("3.0")).toList();
    assertThat(took).hasSize(1);
    SimNode failed = took.get(0);
    assertThat(failed.bootedVersion()).isEqualTo("1.0");
    assertThat(server.holders).containsExactly(failed.uuid());
    assertThat(server.paused).isEmpty();
    assertThat(fleet.stream().filter(x -> x != failed)).allSatisfy(x -> {
      assertThat(x.bootedVersions).containsOnly("1.0");
      assertThat(x.agent.state().label()).isEqualTo("update_staged");
      assertThat(x.agent.reason()).contains("reboot lock busy");
    });
    figure("f: 10 nodes, fleet_lock 1 slot, no server pause: the node that failed 3.0 rolled back and kept the "
        + "slot; the other 9 stayed staged on 1.0 (" + server.lockBusy + " busy answers in 4 h)");
  }
}
