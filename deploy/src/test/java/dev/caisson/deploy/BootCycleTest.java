package dev.caisson.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caisson.deploy.boot.BootMenu;
import dev.caisson.deploy.boot.KernelArgsOf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staged updates, finalization, health checks and boot counting, booted through the menu model. */
class BootCycleTest {
  @TempDir Path tmp;
  Path root;
  Path run;
  OstreeCliCommits commits;

  @BeforeEach
  void sysroot() throws Exception {
    root = Files.createDirectories(tmp.resolve("sysroot"));
    run = tmp.resolve("run");
    RealOstree.run(tmp, "admin", "init-fs", root.toString());
    RealOstree.run(tmp, "admin", "os-init", "--sysroot=" + root, "caisson");
    commits = new OstreeCliCommits(root.resolve("ostree/repo"));
  }

  private String commit(String version) throws Exception {
    Path tree = tmp.resolve("tree-" + version);
    Files.createDirectories(tree.resolve("usr/lib/modules/6.1.0"));
    Files.createDirectories(tree.resolve("usr/etc"));
    Files.writeString(tree.resolve("usr/lib/modules/6.1.0/vmlinuz"), "kernel " + version);
    Files.writeString(tree.resolve("usr/etc/motd"), "motd " + version + "\n");
    return RealOstree.run(tmp, "--repo=" + root.resolve("ostree/repo"), "commit", "-b", "caisson/stable",
        "--tree=dir=" + tree, "--add-metadata-string=version=" + version).strip();
  }

  Optional<EspDirectory> esp = Optional.empty();

  /**
   * The system as booted from whatever entry the menu chooses (after counting the attempt): the
   * ESP's menu when there is one, as systemd-boot reads only the ESP.
   */
  private Sysroot boot() throws Exception {
    Path entries = esp.isPresent() ? esp.get().entries()
        : new SysrootLayout(root).entries(new SysrootLayout(root).bootversion());
    BootMenu.Item item = new BootMenu(entries).attempt().orElseThrow();
    return at(Optional.of(KernelArgsOf.ostreeArg(item.entry())));
  }

  private Sysroot at(Optional<String> booted) {
    var s = new Sysroot(new SysrootLayout(root), commits, booted, DeployListener.SILENT, run);
    return esp.isPresent() ? s.withEsp(esp.get()) : s;
  }

  private HealthCheck checks(boolean pass) throws Exception {
    Path dir = tmp.resolve("checks-" + pass);
    Path required = Files.createDirectories(dir.resolve("required.d"));
    Path script = required.resolve("10-workload.sh");
    Files.writeString(script, "#!/bin/sh\necho checking\nexit " + (pass ? 0 : 3) + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new HealthCheck(List.of(dir), Duration.ofSeconds(30));
  }

  @Test
  void stagedUpdateKeepsEtcEditsMadeBeforeShutdown() throws Exception {
    String a = commit("1.0");
    at(Optional.empty()).deploy(DeployRequest.of("caisson", "caisson/stable").withTries(0));
    Sysroot onA = boot();
    String b = commit("2.0");
    onA.deploy(DeployRequest.of("caisson", "caisson/stable").withFlags(false, false, true));
    assertThat(onA.staged()).isPresent();
    assertThat(onA.state().deployments()).extracting(Deployment::checksum).containsExactly(a);
    // an edit made after staging, before the reboot
    Path etcA = root.resolve("ostree/deploy/caisson/deploy/" + a + ".0/etc");
    Files.writeString(etcA.resolve("motd"), "edited after staging\n");

    Deployment finalized = onA.finalizeStaged().orElseThrow();

    assertThat(finalized.checksum()).isEqualTo(b);
    assertThat(onA.staged()).isEmpty();
    assertThat(root.resolve("ostree/deploy/caisson/deploy/" + b + ".0/etc/motd")).hasContent("edited after staging");
    assertThat(boot().state().booted().orElseThrow().checksum()).isEqualTo(b);
  }

  @Test
  void finalizeFailureLeavesTheOldDefaultAndIsReported() throws Exception {
    String a = commit("1.0");
    at(Optional.empty()).deploy(DeployRequest.of("caisson", "caisson/stable").withTries(0));
    Sysroot onA = boot();
    String b = commit("2.0");
    onA.deploy(DeployRequest.of("caisson", "caisson/stable").withFlags(false, false, true));
    // the staged checkout loses its kernel: finalization cannot write a boot entry
    Files.delete(root.resolve("ostree/deploy/caisson/deploy/" + b + ".0/usr/lib/modules/6.1.0/vmlinuz"));

    assertThatThrownBy(onA::finalizeStaged).hasMessageContaining("previous deployment stays the default");

    assertThat(onA.state().deployments()).extracting(Deployment::checksum).containsExactly(a);
    assertThat(onA.finalizeFailure()).hasValueSatisfying(f -> assertThat(f).contains(b + ".0").contains("no kernel"));
    assertThat(RealOstree.run(tmp, "admin", "status", "--sysroot=" + root)).contains(a);
    String shown = StatusReport.of(onA, commits, new BootHealth(onA, Clock.systemUTC())).render();
    assertThat(shown).startsWith("error: the last staged update was NOT applied").contains(b + ".0", "* caisson " + a);
  }

  @Test
  void threeFailedHealthChecksRollBackToThePreviousDeployment() throws Exception {
    String a = commit("1.0");
    at(Optional.empty()).deploy(DeployRequest.of("caisson", "caisson/stable"));
    Sysroot onA = boot();
    new BootHealth(onA, Clock.systemUTC()).check(checks(true));
    String b = commit("2.0");
    onA.deploy(DeployRequest.of("caisson", "caisson/stable"));

    for (int attempt = 1; attempt <= 3; attempt++) {
      Sysroot booted = boot();
      assertThat(booted.state().booted().orElseThrow().checksum()).as("boot %d", attempt).isEqualTo(b);
      HealthCheck.Report report = new BootHealth(booted, Clock.systemUTC()).check(checks(false));
      assertThat(report.healthy()).isFalse();
    }

    Sysroot after = boot();
    assertThat(after.state().booted().orElseThrow().checksum()).isEqualTo(a);
    Optional<String> why = new BootHealth(after, Clock.systemUTC()).rollbackReason();
    assertThat(why).hasValueSatisfying(w -> assertThat(w)
        .contains("rolled back", b + ".0", "3 tried", "10-workload.sh exited 3", "3 boot(s)"));
    StatusReport report = StatusReport.of(after, commits, new BootHealth(after, Clock.systemUTC()));
    assertThat(report.render()).startsWith("warning: rolled back").contains("* caisson " + a + ".0 (booted)")
        .contains("Boot: bad (3 tries used)").contains("Version: 2.0");
    assertThat(report.deployments().get(0).pending()).isTrue();
  }

  @Test
  void withAnEspTheCountersLiveThereAndRollbackStillHappens() throws Exception {
    esp = Optional.of(new EspDirectory(Files.createDirectories(tmp.resolve("esp"))));
    threeFailedHealthChecksRollBackToThePreviousDeployment();
    try (var s = Files.list(esp.get().entries())) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("ostree-1-caisson.conf", "ostree-2-caisson+0-3.conf");
    }
    // the kernels the ESP's entries name are on the ESP
    String linux = dev.caisson.deploy.boot.BlsEntry.parse(
        Files.readString(esp.get().entries().resolve("ostree-1-caisson.conf"))).get("linux");
    assertThat(esp.get().root().resolve(linux.substring(1))).exists();
  }

  @Test
  void aHealthyBootIsBlessedAndStaysTheDefault() throws Exception {
    commit("1.0");
    at(Optional.empty()).deploy(DeployRequest.of("caisson", "caisson/stable"));
    Sysroot booted = boot();
    assertThat(new BootHealth(booted, Clock.systemUTC()).check(checks(true)).healthy()).isTrue();
    for (int i = 0; i < 5; i++) {
      assertThat(boot().state().booted().orElseThrow().entryFile()).isEqualTo("ostree-1-caisson.conf");
    }
  }
}
