package dev.caisson.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.agent.AgentState;
import dev.caisson.agent.config.AgentConfig;
import dev.caisson.agent.config.StrategyKind;
import dev.caisson.agent.fleetlock.FakeLockServer;
import dev.caisson.agent.fleetlock.FakeLockServer.Flavour;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 3 of the agent, end to end: whole agents (real sysroots, the real server for the graph and the repo)
 * whose reboot lock is a FleetLock server answering as airlock does (500 {@code failed_lock} when full) or as
 * poseidon/fleetlock does (423 {@code lock_held}, also for an unlock by a node that holds nothing). A slot held by
 * another machine stops them; once it is freed they go through one at a time.
 */
class FleetLockCompatibilityTest {
  static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  static final String OTHER = "another-machine";

  @TempDir Path tmp;
  final SimClock clock = new SimClock(T0);
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final List<SimNode> fleet = new ArrayList<>();
  RealServer server;
  FakeLockServer lock;

  @AfterEach
  void stop() throws IOException {
    if (lock != null) {
      lock.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Four nodes on 1.0 whose fleet_lock strategy talks to a 1-slot {@code flavour} server held by another machine. */
  void start(Flavour flavour) throws IOException {
    var builds = new OsBuilds(tmp.resolve("origin"), tmp, T0);
    String v1 = builds.commit("1.0", true);
    builds.commit("2.0", true);
    server = new RealServer(tmp.resolve("server"), clock, builds.path, 1, true, http);
    server.publish("1.0", "os/1.0", Optional.empty(), Optional.empty());
    lock = new FakeLockServer(flavour, 1);
    lock.hold(OTHER);
    String base = server.base().toString();
    for (int i = 0; i < 4; i++) {
      AgentConfig config = AgentConfig.defaults().withServer(base, Optional.of(0.5), "workers")
          .withStrategy(StrategyKind.FLEET_LOCK, Optional.of(lock.base().toString()), List.of(), ZoneOffset.UTC);
      fleet.add(new SimNode("node" + i, tmp.resolve("node" + i), String.format(Locale.ROOT, "%032x", 0xabc0L + i),
          clock, http, server.base().resolve("repo/"), v1,
          dir -> config.withHealth(List.of(dir.resolve("usr/lib/caisson/health")), 3, 0)));
    }
    server.publish("2.0", "os/2.0", Optional.empty(), Optional.empty());
  }

  /** Steps until every node booted 2.0, checking after each node's step that at most one holds the slot. */
  void rollThrough() throws IOException {
    for (int s = 0; s < 30 && fleet.stream().anyMatch(x -> !x.bootedVersions.contains("2.0")); s++) {
      for (SimNode x : fleet) {
        x.step();
        assertThat(lock.holders()).hasSizeLessThanOrEqualTo(1);
      }
      clock.advance(Duration.ofMinutes(5));
    }
    for (SimNode x : fleet) {
      x.step();
    }
    assertThat(fleet).allSatisfy(x -> {
      assertThat(x.bootedVersions).endsWith("1.0", "2.0").containsOnlyOnce("2.0");
      assertThat(x.rebootsAt).hasSize(1);
    });
    assertThat(lock.holders()).as("every node reported steady").isEmpty();
    assertThat(lock.seen()).allSatisfy(s -> {
      assertThat(s.header()).isEqualTo("true");
      assertThat(s.group()).isEqualTo("workers");
      assertThat(s.path()).startsWith("/prefix/v1/");
    });
  }

  void steps(int n) throws IOException {
    for (int s = 0; s < n; s++) {
      for (SimNode x : fleet) {
        x.step();
      }
      clock.advance(Duration.ofMinutes(5));
    }
  }

  @Test
  void airlocksFullSemaphoreKeepsStagedNodesWaitingUntilASlotIsFree() throws Exception {
    start(Flavour.AIRLOCK);
    steps(3);
    assertThat(fleet).allSatisfy(x -> {
      assertThat(x.agent.state()).isInstanceOf(AgentState.UpdateStaged.class);
      assertThat(x.agent.reason()).isEqualTo("reboot lock busy (HTTP 500 failed_lock): all 1 semaphore slots "
          + "currently locked");
      assertThat(x.rebootsAt).isEmpty();
    });
    assertThat(lock.seen()).filteredOn(s -> s.path().endsWith("pre-reboot")).isNotEmpty()
        .allSatisfy(s -> assertThat(s.status()).isEqualTo(500));
    assertThat(lock.seen()).filteredOn(s -> s.path().endsWith("steady-state")).hasSize(4)
        .allSatisfy(s -> assertThat(s.status()).as("airlock: unlock by a non-holder").isEqualTo(200));
    // someone reboots a node that waits for the lock: its staged update is finalization-locked, so the reboot
    // boots 1.0 again; the agent stages it again and keeps waiting for the lock
    SimNode x = fleet.get(0);
    assertThat(x.sysroot().finalizationLocked()).isTrue();
    x.reboot();
    assertThat(x.bootedVersions).containsExactly("1.0", "1.0");
    steps(1);
    assertThat(x.agent.state()).isInstanceOf(AgentState.UpdateStaged.class);
    assertThat(x.sysroot().finalizationLocked()).isTrue();
    assertThat(x.rebootsAt).isEmpty();
    lock.free(OTHER);
    rollThrough();
    assertThat(x.bootedVersions).containsExactly("1.0", "1.0", "2.0");
  }

  @Test
  void poseidonsLockHeldStopsEvenTheSteadyStateReportUntilTheHolderUnlocks() throws Exception {
    start(Flavour.POSEIDON);
    steps(3);
    assertThat(fleet).allSatisfy(x -> {
      // poseidon refuses the unlock of a node that holds nothing while another holds the lease: as Zincati, the
      // agent asks again on every tick and checks for updates only once it has reported steady
      assertThat(x.agent.state()).isInstanceOf(AgentState.Initialized.class);
      assertThat(x.agent.reason()).isEqualTo("cannot report steady: reboot lock busy (HTTP 423 lock_held): lock is "
          + "held by another node");
    });
    assertThat(lock.seen()).hasSize(12).allSatisfy(s -> {
      assertThat(s.path()).endsWith("steady-state");
      assertThat(s.status()).isEqualTo(423);
    });
    lock.free(OTHER);
    steps(1);
    // the first node reports steady, stages, takes the lease and reboots; now it holds the lease, so the others'
    // steady-state is refused again until it is back and unlocks
    assertThat(fleet.get(0).rebootsAt).hasSize(1);
    assertThat(lock.holders()).containsExactly(fleet.get(0).uuid());
    assertThat(fleet.subList(1, 4)).allSatisfy(x -> assertThat(x.agent.state()).isInstanceOf(AgentState.Initialized.class));
    rollThrough();
    assertThat(lock.seen()).filteredOn(s -> s.status() != 200).isNotEmpty()
        .allSatisfy(s -> assertThat(s.status()).isEqualTo(423));
  }
}
