package dev.caisson.agent.fleet;

import dev.caisson.agent.AgentAssembly;
import dev.caisson.agent.AgentListener;
import dev.caisson.agent.AgentMetrics;
import dev.caisson.agent.AgentState;
import dev.caisson.agent.UpdateAgent;
import dev.caisson.agent.config.AgentConfig;
import dev.caisson.agent.identity.AppSpecificId;
import dev.caisson.agent.strategy.SessionProbe;
import dev.caisson.deploy.DeployListener;
import dev.caisson.deploy.DeployRequest;
import dev.caisson.deploy.Deployment;
import dev.caisson.deploy.RepoCommits;
import dev.caisson.deploy.Sysroot;
import dev.caisson.deploy.SysrootLayout;
import dev.caisson.deploy.boot.BootMenu;
import dev.caisson.deploy.boot.KernelArgsOf;
import dev.caisson.store.Repo;
import dev.caisson.store.RepoMode;
import dev.caisson.store.StoreListener;
import dev.caisson.store.transport.Puller;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One machine of the fleet: its own sysroot built by the real deploy code, its agent rebuilt at
 * every boot. A reboot runs the shutdown half of a staged deploy (finalize), empties /run (a tmpfs
 * on a real machine) and lets the boot menu model pick the entry, counting tries, as BootCycleTest
 * does.
 */
final class SimNode {
  final String name;
  final Path root;
  final Path run;
  final Path machineId;
  final Repo repo;
  final SimClock clock;
  final HttpClient http;
  final Function<Path, AgentConfig> config;
  final List<String> events = new ArrayList<>();
  final List<Instant> rebootsAt = new ArrayList<>();
  final List<String> bootedVersions = new ArrayList<>();
  final List<Instant> bootTimes = new ArrayList<>();
  Optional<String> bootedArg = Optional.empty();
  UpdateAgent agent;
  boolean rebootRequested;
  /** The agent asked for a reboot and has not reported steady since the boot that followed. */
  boolean inFlight;

  /** @param config the node's configuration, given its booted deployment's directory */
  SimNode(String name, Path root, String machineIdHex, SimClock clock, HttpClient http, URI repoUrl, String first,
      Function<Path, AgentConfig> config) throws IOException {
    this.name = name;
    this.root = root;
    this.run = root.resolve("run/caisson");
    this.clock = clock;
    this.http = http;
    this.config = config;
    this.machineId = Files.writeString(Files.createDirectories(root.resolve("etc")).resolve("machine-id"),
        machineIdHex + "\n");
    var layout = new SysrootLayout(root);
    repo = Repo.init(layout.repo(), RepoMode.BARE).withFsync(false);
    Sysroot s = sysroot();
    s.initFs();
    s.osInit("caisson");
    new Puller(repo, repoUrl, StoreListener.SILENT).pull(first, Optional.empty());
    s.deploy(DeployRequest.of("caisson", first).withTries(0));
    boot();
  }

  String uuid() {
    return AppSpecificId.of(machineIdHexOf(), AppSpecificId.ZINCATI_APP);
  }

  private String machineIdHexOf() {
    try {
      return Files.readString(machineId).strip();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  Sysroot sysroot() {
    return new Sysroot(new SysrootLayout(root), new RepoCommits(repo), bootedArg, DeployListener.SILENT, run);
  }

  Deployment booted() throws IOException {
    return sysroot().state().booted().orElseThrow();
  }

  String bootedVersion() throws IOException {
    return new RepoCommits(repo).version(booted().checksum()).orElse("?");
  }

  /** Power on: the menu picks an entry, the agent starts. */
  void boot() throws IOException {
    var layout = new SysrootLayout(root);
    BootMenu.Item item = new BootMenu(layout.entries(layout.bootversion())).attempt().orElseThrow();
    bootedArg = Optional.of(KernelArgsOf.ostreeArg(item.entry()));
    rebootRequested = false;
    Deployment d = booted();
    bootedVersions.add(bootedVersion());
    bootTimes.add(clock.instant());
    Path deployDir = layout.deploymentDir(d.stateroot(), d.checksum(), d.serial());
    var assembly = new AgentAssembly(config.apply(deployDir), sysroot(), repo,
        layout.var("caisson").resolve("lib/caisson/agent/state.json"), machineId, clock, reason -> {
          rebootRequested = true;
          inFlight = true;
          rebootsAt.add(clock.instant());
          events.add(clock.instant() + " reboot: " + reason);
        }, SessionProbe.NONE, http, m -> events.add(clock.instant() + " " + m));
    agent = assembly.build(new AgentMetrics());
  }

  /** Shut down (finalizing a staged deployment unless its finalization is locked), lose /run, boot again. */
  void reboot() throws IOException {
    sysroot().finalizeStaged();
    deleteTree(run);
    boot();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** One tick, or the reboot the last tick asked for; ticks again at once after a state change, as Zincati. */
  void step() throws IOException {
    if (rebootRequested) {
      reboot();
    }
    for (int i = 0; i < 4 && !rebootRequested; i++) {
      AgentState before = agent.state();
      if (agent.tick().equals(before)) {
        break;
      }
    }
    AgentState now = agent.state();
    if (!rebootRequested && !(now instanceof AgentState.Initialized) && !(now instanceof AgentState.End)
        && !(now instanceof AgentState.UpdateFinalized)) {
      inFlight = false;
    }
  }

  static AgentListener silent() {
    return AgentListener.SILENT;
  }
}
