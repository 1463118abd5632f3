package dev.caisson.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.agent.AgentListener;
import dev.caisson.agent.AgentService;
import dev.caisson.agent.ControlDir;
import dev.caisson.agent.PersistedState;
import dev.caisson.agent.StateFile;
import dev.caisson.agent.UpdateAgent;
import dev.caisson.agent.config.AgentConfig;
import dev.caisson.agent.config.StrategyKind;
import dev.caisson.agent.strategy.WeeklySchedule;
import dev.caisson.agent.strategy.WeeklyWindow;
import dev.caisson.deploy.SysrootLayout;
import dev.caisson.server.fleet.ClosedLoopPolicy;
import dev.caisson.server.store.Pause;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 2 of the agent: one real {@code caisson server} (embedded store, the simulation's clock) and 50
 * agents, each on its own sysroot built by the real deploy code; commits pulled from the server's {@code /repo/};
 * a reboot finalizes the staged deployment and the boot menu model picks the entry (boot counting included);
 * the clock is fake and moved forward by hand. Releases are published through the server's admin API as
 * {@code caisson release publish} does. Figures go to target/fleet-figures.txt for docs/benchmarks.md.
 */
class FleetSimulationTest {
  /** Tuesday 2026-12-01 00:00 UTC. */
  static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  static final int N = 50;

  @TempDir Path tmp;
  SimClock clock;
  OsBuilds builds;
  RealServer server;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final List<SimNode> fleet = new ArrayList<>();
  String v1;
  String v2;
  String v3bad;
  long wallStart;

  @BeforeEach
  void origin() throws Exception {
    wallStart = System.nanoTime();
    clock = new SimClock(T0);
    builds = new OsBuilds(tmp.resolve("origin"), tmp, T0);
    v1 = builds.commit("1.0", true);
    v2 = builds.commit("2.0", true);
    v3bad = builds.commit("3.0", false);
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
      assertThat(server.errors).as("server errors").isEmpty();
    }
  }

  /** The real server with {@code slots} reboot slots in {@code default}, and release 1.0 offered to everyone. */
  void startServer(int slots, boolean closedLoop) throws IOException {
    server = new RealServer(tmp.resolve("server"), clock, builds.path, slots, closedLoop, http);
    server.publish("1.0", "os/1.0", Optional.empty(), Optional.empty());
  }

  void fleet(StrategyKind kind, List<WeeklyWindow> windows) throws IOException {
    fleet(kind, i -> windows);
  }

  /** N nodes booted on 1.0 (pulled from the server's repo); node i has rollout wariness (i + 0.5) / N. */
  void fleet(StrategyKind kind, IntFunction<List<WeeklyWindow>> windows) throws IOException {
    String base = server.base().toString();
    for (int i = 0; i < N; i++) {
      double wariness = (i + 0.5) / N;
      AgentConfig config = AgentConfig.defaults()
          .withServer(base, Optional.of(wariness), "default")
          .withStrategy(kind, kind.fleetLock() ? Optional.of(base) : Optional.empty(), windows.apply(i),
              ZoneOffset.UTC);
      String mid = String.format(Locale.ROOT, "%032x", 0xc0ffee00L + i);
      fleet.add(new SimNode("node" + i, tmp.resolve("node" + i), mid, clock, http, server.base().resolve("repo/"), v1,
          deployDir -> config.withHealth(List.of(deployDir.resolve("usr/lib/caisson/health")), 3, 0)));
    }
  }

  /** Every node takes one step at the current time; then the clock moves on. */
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

  double hoursSince(Instant from, Instant to) {
    return Duration.between(from, to).toMinutes() / 60.0;
  }

  String wall() {
    return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - wallStart) / 1e9);
  }

  static void figure(String line) throws IOException {
    Path f = Path.of("target/fleet-figures.txt");
    Files.createDirectories(f.getParent());
    Files.writeString(f, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** FORMATS.md 3 §2.2 with start value 0: the share of the fleet a rollout is offered to at {@code t}. */
  static double throttle(Instant start, long minutes, Instant t) {
    if (t.isBefore(start)) {
      return 0;
    }
    return Math.min(1.0, (double) Duration.between(start, t).getSeconds() / (minutes * 60));
  }

  static long countAtOrBelow(double threshold) {
    long c = 0;
    for (int i = 0; i < N; i++) {
      c += (i + 0.5) / N <= threshold ? 1 : 0;
    }
    return c;
  }

  @Test
  void a_theShareOfUpdatedNodesFollowsTheTimeBasedThreshold() throws Exception {
    startServer(1, true);
    fleet(StrategyKind.IMMEDIATE, List.of());
    Instant start = T0.plus(Duration.ofHours(1));
    server.publish("2.0", "os/2.0", Optional.of(start), Optional.of(2880L));
    Duration step = Duration.ofMinutes(15);
    Instant full = null;
    double worstLag = 0;
    int checks = 0;
    while (clock.instant().isBefore(T0.plus(Duration.ofHours(52)))) {
      for (SimNode n : fleet) {
        n.step();
      }
      Instant now = clock.instant();
      long updated = on("2.0");
      // a node has 2.0 only if it saw the edge on an earlier step, when its wariness was within the threshold ...
      assertThat(updated).as("at %s", now).isLessThanOrEqualTo(countAtOrBelow(throttle(start, 2880, now.minus(step))));
      // ... and every node the threshold has covered for 30 minutes (two ticks: stage, reboot) has it
      assertThat(updated).as("at %s", now)
          .isGreaterThanOrEqualTo(countAtOrBelow(throttle(start, 2880, now.minus(step.multipliedBy(2)))));
      worstLag = Math.max(worstLag, throttle(start, 2880, now) - (double) updated / N);
      checks++;
      if (updated == N && full == null) {
        full = now;
      }
      clock.advance(step);
    }
    assertThat(full).isNotNull();
    assertThat(fleet).allSatisfy(x -> assertThat(x.bootedVersions).containsExactly("1.0", "2.0"));
    for (SimNode x : fleet) {
      assertThat(server.node(x.uuid()).orElseThrow().bootedVersion()).as("the server's inventory").isEqualTo("2.0");
    }
    figure(String.format(Locale.ROOT, "a: %d nodes, immediate, 48 h rollout starting T0+1 h, 15 min ticks: "
        + "%d checks of the updated share against the threshold; all updated at T0+%.2f h (%.2f h after the "
        + "rollout began); largest lag of the updated share behind the threshold %.3f; wall %s", N, checks,
        hoursSince(T0, full), hoursSince(start, full), worstLag, wall()));
  }

  @Test
  void b_fleetLockWithThreeSlotsNeverRebootsMoreThanThreeAtOnce() throws Exception {
    startServer(3, true);
    fleet(StrategyKind.FLEET_LOCK, List.of());
    server.publish("2.0", "os/2.0", Optional.empty(), Optional.empty());
    int maxHolders = 0;
    int maxInFlight = 0;
    Set<String> everHeld = new HashSet<>();
    int samples = 0;
    Instant begin = clock.instant();
    while (on("2.0") < N && clock.instant().isBefore(begin.plus(Duration.ofHours(12)))) {
      for (SimNode n : fleet) {
        n.step();
        // after every single node's step: the server's holders, and the nodes between pre-reboot and steady-state
        List<String> holders = server.holders();
        long inFlight = fleet.stream().filter(x -> x.inFlight).count();
        assertThat(holders).as("lock holders at %s", clock.instant()).hasSizeLessThanOrEqualTo(3);
        assertThat(inFlight).as("nodes rebooting at %s", clock.instant()).isLessThanOrEqualTo(3);
        maxHolders = Math.max(maxHolders, holders.size());
        maxInFlight = (int) Math.max(maxInFlight, inFlight);
        everHeld.addAll(holders);
        samples++;
      }
      clock.advance(Duration.ofMinutes(5));
    }
    Instant done = clock.instant();
    step(Duration.ofMinutes(5));
    assertThat(on("2.0")).isEqualTo(N);
    assertThat(maxHolders).isEqualTo(3);
    assertThat(maxInFlight).isEqualTo(3);
    assertThat(everHeld).as("every node took the lock").hasSize(N);
    assertThat(server.holders()).as("every node reported steady").isEmpty();
    assertThat(fleet).allSatisfy(x -> assertThat(x.rebootsAt).hasSize(1));
    figure(String.format(Locale.ROOT, "b: %d nodes, fleet_lock with 3 slots, 5 min ticks: %d samples (after every "
        + "node's step); max lock holders %d, max nodes between pre-reboot and steady-state %d; all updated "
        + "after %.2f h; wall %s", N, samples, maxHolders, maxInFlight, hoursSince(begin, done), wall()));
  }

  @Test
  void c_aFailingReleaseRollsBackTheServerPausesItAndItIsNeverRetried() throws Exception {
    startServer(1, true);
    fleet(StrategyKind.IMMEDIATE, List.of());
    server.publish("3.0", "os/3.0", Optional.of(T0), Optional.of(2880L));
    Instant pausedSeen = null;
    while (clock.instant().isBefore(T0.plus(Duration.ofHours(8)))) {
      step(Duration.ofMinutes(5));
      if (pausedSeen == null && server.pause("3.0").isPresent()) {
        pausedSeen = clock.instant();
      }
    }
    Pause pause = server.pause("3.0").orElseThrow(() -> new AssertionError("the server did not pause 3.0"));
    assertThat(pause.automatic()).as("paused by the closed loop, not by hand").isTrue();
    assertThat(pause.reason()).contains("failed or rolled back");
    var took = fleet.stream().filter(x -> x.bootedVersions.contains("3.0")).toList();
    // the closed loop trips on its threshold of failed nodes: exactly that many took it
    assertThat(took).hasSize(ClosedLoopPolicy.defaults().failedNodes());
    for (SimNode x : took) {
      // three boots into 3.0 (boot counting), then back on 1.0 by itself
      assertThat(x.bootedVersions).containsExactly("1.0", "3.0", "3.0", "3.0", "1.0");
      PersistedState st = new StateFile(new SysrootLayout(x.root).var("caisson")
          .resolve("lib/caisson/agent/state.json")).read();
      assertThat(st.denylist()).containsEntry(v3bad, "3.0");
      assertThat(server.node(x.uuid()).orElseThrow().rollbacks()).as("the server saw the rollback").contains("3.0");
    }
    assertThat(fleet.stream().filter(x -> !took.contains(x))).as("no other node took it")
        .allSatisfy(x -> assertThat(x.bootedVersions).containsOnly("1.0"));
    // without the pause, the 48 h rollout would have reached this many nodes by now
    long wouldHave = countAtOrBelow(throttle(T0, 2880, clock.instant()));
    assertThat(wouldHave).isGreaterThan(took.size() + 3L);
    Instant firstFailure = took.stream().map(x -> x.bootTimes.get(x.bootedVersions.indexOf("3.0")))
        .min(Instant::compareTo).orElseThrow();
    Instant pausedAt = Instant.ofEpochMilli(pause.sinceMillis());
    // the failed nodes never retry it, even once an operator resumes the rollout
    server.resume("3.0");
    long bootsBefore = took.stream().mapToLong(x -> x.bootedVersions.size()).sum();
    for (int s = 0; s < 24; s++) {
      for (SimNode x : took) {
        x.step();
      }
      clock.advance(Duration.ofMinutes(5));
    }
    assertThat(took.stream().mapToLong(x -> x.bootedVersions.size()).sum()).isEqualTo(bootsBefore);
    assertThat(took).allSatisfy(x -> assertThat(x.agent.reason()).contains("denylisted"));
    figure(String.format(Locale.ROOT, "c: %d nodes, immediate, bad release 3.0 on a 48 h rollout from T0, closed "
        + "loop at its defaults (2 nodes or 5 %%): %d nodes took it, each rolled back after 3 boots; first failure "
        + "report at T0+%d min, server paused the rollout at T0+%d min (%d min later; seen by the simulation at "
        + "T0+%d min); %d nodes would have had it after 8 h without the pause; 0 retries after a resume; wall %s",
        N, took.size(), Duration.between(T0, firstFailure).toMinutes(), Duration.between(T0, pausedAt).toMinutes(),
        Duration.between(firstFailure, pausedAt).toMinutes(), Duration.between(T0, pausedSeen).toMinutes(),
        wouldHave, wall()));
  }

  @Test
  void d_aPeriodicNodeRebootsOnlyInsideItsWindow() throws Exception {
    clock.advance(Duration.between(T0, Instant.parse("2026-12-05T12:00:00Z"))); // Saturday noon
    startServer(1, true);
    // half the fleet: Saturday 23:30 for 90 minutes (past midnight); the other half: Sunday 23:00 for two hours
    // (past the end of the week, into Monday)
    var saturday = List.of(new WeeklyWindow(Set.of(DayOfWeek.SATURDAY), LocalTime.of(23, 30), 90));
    var sunday = List.of(new WeeklyWindow(Set.of(DayOfWeek.SUNDAY), LocalTime.of(23, 0), 120));
    fleet(StrategyKind.PERIODIC, i -> i % 2 == 0 ? saturday : sunday);
    server.publish("2.0", "os/2.0", Optional.empty(), Optional.empty());
    Instant begin = clock.instant();
    while (clock.instant().isBefore(Instant.parse("2026-12-07T02:00:00Z"))) {
      step(Duration.ofMinutes(5));
    }
    assertThat(on("2.0")).isEqualTo(N);
    for (int i = 0; i < N; i++) {
      SimNode x = fleet.get(i);
      var schedule = new WeeklySchedule(i % 2 == 0 ? saturday : sunday, ZoneId.of("UTC"));
      assertThat(x.rebootsAt).hasSize(1).allSatisfy(t -> assertThat(schedule.isOpen(t)).as("%s %s", x.name, t)
          .isTrue());
    }
    Instant firstSat = fleet.get(0).rebootsAt.get(0);
    Instant firstSun = fleet.get(1).rebootsAt.get(0);
    assertThat(firstSat).isEqualTo(Instant.parse("2026-12-05T23:30:00Z"));
    assertThat(firstSun).isEqualTo(Instant.parse("2026-12-06T23:00:00Z"));
    figure(String.format(Locale.ROOT, "d: %d periodic nodes, half with Sat 23:30 +90 min, half with Sun 23:00 "
        + "+120 min (crossing midnight and the week end), 5 min ticks over %.0f h: every reboot inside the node's "
        + "window, at its opening (%s, %s); wall %s", N, hoursSince(begin, clock.instant()), firstSat, firstSun,
        wall()));
  }

  @Test
  void e_periodicAndFleetLockTogetherRespectBoth() throws Exception {
    startServer(2, true);
    var windows = List.of(new WeeklyWindow(EnumSet.allOf(DayOfWeek.class), LocalTime.of(2, 0), 90));
    fleet(StrategyKind.PERIODIC_FLEET_LOCK, windows);
    server.publish("2.0", "os/2.0", Optional.empty(), Optional.empty());
    var schedule = new WeeklySchedule(windows, ZoneId.of("UTC"));
    List<Instant> grants = new ArrayList<>();
    Set<String> held = new HashSet<>();
    int maxHolders = 0;
    Instant begin = clock.instant();
    while (on("2.0") < N && clock.instant().isBefore(begin.plus(Duration.ofDays(7)))) {
      for (SimNode n : fleet) {
        n.step();
        List<String> holders = server.holders();
        assertThat(holders).hasSizeLessThanOrEqualTo(2);
        for (String h : holders) {
          if (held.add(h)) {
            grants.add(clock.instant());
          }
        }
        held.retainAll(holders);
        maxHolders = Math.max(maxHolders, holders.size());
      }
      clock.advance(Duration.ofMinutes(5));
    }
    assertThat(on("2.0")).isEqualTo(N);
    assertThat(maxHolders).isEqualTo(2);
    assertThat(grants).hasSize(N).allSatisfy(t -> assertThat(schedule.isOpen(t)).as("lock taken at %s", t).isTrue());
    for (SimNode x : fleet) {
      assertThat(x.rebootsAt).hasSize(1).allSatisfy(t -> assertThat(schedule.isOpen(t)).as("%s", t).isTrue());
    }
    long nights = fleet.stream().map(x -> x.rebootsAt.get(0).atZone(ZoneOffset.UTC).toLocalDate()).distinct().count();
    assertThat(nights).as("2 slots cannot take 50 nodes through one 90 min window").isGreaterThan(1);
    figure(String.format(Locale.ROOT, "e: %d nodes, periodic+fleet_lock, daily 02:00 +90 min window and 2 slots, "
        + "5 min ticks: all updated after %.1f h over %d nights, max lock holders %d, every lock and every reboot "
        + "inside the window; wall %s", N, hoursSince(begin, clock.instant()), nights, maxHolders, wall()));
  }

  @Test
  void g_aNewerReleaseReplacesTheStagedOneBeforeTheWindowOpens() throws Exception {
    clock.advance(Duration.between(T0, Instant.parse("2026-12-05T12:00:00Z"))); // Saturday noon
    String v21 = builds.commit("2.1", true);
    startServer(1, true);
    var windows = List.of(new WeeklyWindow(Set.of(DayOfWeek.SATURDAY), LocalTime.of(23, 30), 90));
    fleet(StrategyKind.PERIODIC, windows);
    server.publish("2.0", "os/2.0", Optional.empty(), Optional.empty());
    while (clock.instant().isBefore(Instant.parse("2026-12-05T18:00:00Z"))) {
      step(Duration.ofMinutes(5));
    }
    assertThat(fleet).allSatisfy(x -> assertThat(x.sysroot().staged()).hasValueSatisfying(
        st -> assertThat(st.checksum()).isEqualTo(v2)));
    // 2.1 is published while 2.0 waits for the window (zincati#928)
    server.publish("2.1", "os/2.1", Optional.empty(), Optional.empty());
    Instant published = clock.instant();
    Instant allRestaged = null;
    while (clock.instant().isBefore(Instant.parse("2026-12-06T01:00:00Z"))) {
      step(Duration.ofMinutes(5));
      if (allRestaged == null && fleet.stream().allMatch(x -> stagedIs(x, v21))) {
        allRestaged = clock.instant();
      }
    }
    assertThat(allRestaged).as("every node staged 2.1 in place of 2.0").isNotNull()
        .isBefore(Instant.parse("2026-12-05T23:30:00Z"));
    var schedule = new WeeklySchedule(windows, ZoneId.of("UTC"));
    assertThat(fleet).allSatisfy(x -> {
      assertThat(x.bootedVersions).as("one reboot, straight to 2.1").containsExactly("1.0", "2.1");
      assertThat(x.rebootsAt).singleElement().satisfies(t -> assertThat(schedule.isOpen(t)).isTrue());
    });
    figure(String.format(Locale.ROOT, "g: %d periodic nodes (Sat 23:30 +90 min) with 2.0 staged; 2.1 published at "
        + "18:00: every node had replaced the staged 2.0 with 2.1 %.1f h later and rebooted once, into 2.1, "
        + "inside the window; wall %s", N, hoursSince(published, allRestaged), wall()));
  }

  @Test
  void h_nodesWaitingForTheLockDropABadReleaseTheServerPaused() throws Exception {
    startServer(3, true);
    fleet(StrategyKind.FLEET_LOCK, List.of());
    server.publish("3.0", "os/3.0", Optional.empty(), Optional.empty());
    step(Duration.ofMinutes(5));
    // everyone staged 3.0 at once; three took the slots
    assertThat(fleet).allSatisfy(x -> assertThat(stagedIs(x, v3bad) || x.rebootRequested).isTrue());
    while (clock.instant().isBefore(T0.plus(Duration.ofHours(2)))) {
      step(Duration.ofMinutes(5));
    }
    Pause pause = server.pause("3.0").orElseThrow(() -> new AssertionError("the server did not pause 3.0"));
    assertThat(pause.automatic()).isTrue();
    var took = fleet.stream().filter(x -> x.bootedVersions.contains("3.0")).toList();
    assertThat(took).as("the nodes that held the 3 slots").hasSize(3);
    var waiting = fleet.stream().filter(x -> !took.contains(x)).toList();
    assertThat(waiting).allSatisfy(x -> {
      assertThat(x.sysroot().staged()).as("%s dropped the staged 3.0", x.name).isEmpty();
      assertThat(x.agent.state().label()).isEqualTo("no_new_update");
      assertThat(server.node(x.uuid()).orElseThrow().stagedVersion()).as("reported to the server").isEmpty();
    });
    // an operator frees the three slots: nobody else boots the paused release
    for (SimNode x : took) {
      var control = new ControlDir(x.run.resolve("agent"));
      control.request(ControlDir.Request.UNLOCK, System.nanoTime());
      new AgentService(x.agent, control, Duration.ofMinutes(5), new Random(1), AgentListener.SILENT).runOnce();
    }
    assertThat(server.holders()).isEmpty();
    while (clock.instant().isBefore(T0.plus(Duration.ofHours(6)))) {
      step(Duration.ofMinutes(5));
    }
    assertThat(waiting).allSatisfy(x -> {
      assertThat(x.bootedVersions).containsOnly("1.0");
      assertThat(x.rebootsAt).isEmpty();
    });
    assertThat(took).allSatisfy(x -> assertThat(x.bootedVersions).containsExactly("1.0", "3.0", "3.0", "3.0", "1.0"));
    assertThat(server.holders()).isEmpty();
    Instant dropped = T0.plus(UpdateAgent.RECHECK_WHILE_STAGED);
    figure(String.format(Locale.ROOT, "h: %d nodes, fleet_lock 3 slots, bad release open to all: every node staged "
        + "it; the 3 slot holders took it, rolled back and kept the slots; the server paused it at T0+%d min; the "
        + "other %d dropped their staged 3.0 at their next recheck (by T0+%d min) and none booted it after an "
        + "operator freed the 3 slots; wall %s", N, Duration.between(T0, Instant.ofEpochMilli(pause.sinceMillis()))
        .toMinutes(), waiting.size(), Duration.between(T0, dropped).toMinutes() + 5, wall()));
  }

  boolean stagedIs(SimNode x, String checksum) {
    try {
      return x.sysroot().staged().map(st -> st.checksum().equals(checksum)).orElse(false);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void f_withoutTheServersPauseTheHeldLockAloneStopsTheFleet() throws Exception {
    startServer(1, false);
    fleet(StrategyKind.FLEET_LOCK, List.of());
    server.publish("3.0", "os/3.0", Optional.empty(), Optional.empty());
    for (int s = 0; s < 48; s++) {
      step(Duration.ofMinutes(5));
    }
    var took = fleet.stream().filter(x -> x.bootedVersions.contains("3.0")).toList();
    assertThat(took).hasSize(1);
    SimNode failed = took.get(0);
    assertThat(failed.bootedVersion()).isEqualTo("1.0");
    assertThat(server.holders()).containsExactly(failed.uuid());
    assertThat(server.pause("3.0")).isEmpty();
    assertThat(fleet.stream().filter(x -> x != failed)).allSatisfy(x -> {
      assertThat(x.bootedVersions).containsOnly("1.0");
      assertThat(x.agent.state().label()).isEqualTo("update_staged");
      assertThat(x.agent.reason()).contains("reboot lock busy");
    });
    // an operator looks at the failed node and runs `caisson update unlock` there
    var control = new ControlDir(failed.run.resolve("agent"));
    control.request(ControlDir.Request.UNLOCK, System.nanoTime());
    new AgentService(failed.agent, control, Duration.ofMinutes(5), new Random(1), AgentListener.SILENT).runOnce();
    assertThat(server.holders()).as("the slot is free").isEmpty();
    assertThat(failed.agent.status().holdLock()).isFalse();
    for (int s = 0; s < 12; s++) {
      step(Duration.ofMinutes(5));
    }
    // without the server's pause, the next node takes the slot, fails 3.0 in turn and keeps it; the first never
    // retries
    var took2 = fleet.stream().filter(x -> x.bootedVersions.contains("3.0")).toList();
    assertThat(took2).hasSize(2).contains(failed);
    SimNode second = took2.stream().filter(x -> x != failed).findFirst().orElseThrow();
    assertThat(server.holders()).containsExactly(second.uuid());
    assertThat(failed.bootedVersions).containsExactly("1.0", "3.0", "3.0", "3.0", "1.0");
    figure(String.format(Locale.ROOT, "f: %d nodes, fleet_lock 1 slot, closed loop off: the node that failed 3.0 "
        + "rolled back and kept the slot; the other %d stayed staged on 1.0 for 4 h; `caisson update unlock` on "
        + "the failed node freed the slot, the next node took 3.0, failed and kept it; wall %s", N, N - 1, wall()));
  }
}
