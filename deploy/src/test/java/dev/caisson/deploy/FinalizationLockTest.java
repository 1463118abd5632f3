package dev.caisson.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caisson.deploy.boot.BootMenu;
import dev.caisson.deploy.boot.KernelArgsOf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy --stage --lock-finalization}, as ostree's: while {@code staged-deployment-locked} is in the run
 * directory, the shutdown half does nothing, so a reboot nobody planned boots the old deployment and the staged
 * one is lost with /run; {@link Sysroot#unlockFinalization} lets the next shutdown finalize it.
 */
class FinalizationLockTest {
  @TempDir Path tmp;
  Path root;
  Path run;
  OstreeCliCommits commits;
  final List<String> steps = new ArrayList<>();

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
    return RealOstree.run(tmp, "--repo=" + root.resolve("ostree/repo"), "commit", "-b", "caisson/stable",
        "--tree=dir=" + tree, "--add-metadata-string=version=" + version).strip();
  }

  /** Powers on: the menu picks the default entry. */
  private Sysroot boot() throws Exception {
    var layout = new SysrootLayout(root);
    BootMenu.Item item = new BootMenu(layout.entries(layout.bootversion())).attempt().orElseThrow();
    return new Sysroot(layout, commits, Optional.of(KernelArgsOf.ostreeArg(item.entry())), steps::add, run);
  }

  private String booted(Sysroot s) throws Exception {
    return s.state().booted().orElseThrow().checksum();
  }

  /** /run is a tmpfs: a reboot empties it. */
  private void loseRun() throws Exception {
    try (var files = Files.list(run)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
  }

  @Test
  void aLockedStagedDeploymentIsNotFinalizedUntilUnlocked() throws Exception {
    String a = commit("1.0");
    new Sysroot(new SysrootLayout(root), commits, Optional.empty(), DeployListener.SILENT, run)
        .deploy(DeployRequest.of("caisson", a).withTries(0));
    Sysroot onA = boot();
    String b = commit("2.0");
    onA.deploy(DeployRequest.of("caisson", b).withLockedFinalization());
    assertThat(onA.staged()).isPresent();
    assertThat(onA.finalizationLocked()).isTrue();
    assertThat(run.resolve("staged-deployment-locked")).exists();

    // someone reboots: shutdown finds the lock and leaves the boot configuration alone
    assertThat(onA.finalizeStaged()).isEmpty();
    assertThat(steps).anySatisfy(s -> assertThat(s).startsWith("not finalizing " + b + ".0; found "));
    assertThat(onA.state().deployments()).extracting(Deployment::checksum).containsExactly(a);
    loseRun();
    Sysroot again = boot();
    assertThat(booted(again)).isEqualTo(a);
    assertThat(again.staged()).isEmpty();
    assertThat(again.finalizationLocked()).isFalse();

    // staged again with the lock, then unlocked (the agent holds the reboot lock now): the next shutdown applies it
    again.deploy(DeployRequest.of("caisson", b).withLockedFinalization());
    assertThat(again.finalizationLocked()).isTrue();
    again.unlockFinalization();
    assertThat(again.finalizationLocked()).isFalse();
    assertThat(again.finalizeStaged()).hasValueSatisfying(d -> assertThat(d.checksum()).isEqualTo(b));
    loseRun();
    assertThat(booted(boot())).isEqualTo(b);
  }

  @Test
  void restagingWithoutTheFlagDropsTheLock() throws Exception {
    String a = commit("1.0");
    new Sysroot(new SysrootLayout(root), commits, Optional.empty(), DeployListener.SILENT, run)
        .deploy(DeployRequest.of("caisson", a).withTries(0));
    Sysroot onA = boot();
    String b = commit("2.0");
    onA.deploy(DeployRequest.of("caisson", b).withLockedFinalization());
    String c = commit("3.0");
    onA.deploy(DeployRequest.of("caisson", c).withFlags(false, false, true));
    assertThat(onA.finalizationLocked()).isFalse();
    assertThat(run.resolve("staged-deployment-locked")).doesNotExist();
    assertThat(onA.finalizeStaged()).hasValueSatisfying(d -> assertThat(d.checksum()).isEqualTo(c));
  }

  @Test
  void aDiscardedStagedDeploymentIsGoneWithItsCheckout() throws Exception {
    String a = commit("1.0");
    new Sysroot(new SysrootLayout(root), commits, Optional.empty(), DeployListener.SILENT, run)
        .deploy(DeployRequest.of("caisson", a).withTries(0));
    Sysroot onA = boot();
    String b = commit("2.0");
    onA.deploy(DeployRequest.of("caisson", b).withLockedFinalization());
    assertThat(root.resolve("ostree/deploy/caisson/deploy/" + b + ".0")).isDirectory();
    assertThat(onA.discardStaged()).isTrue();
    assertThat(onA.staged()).isEmpty();
    assertThat(run.resolve("staged-deployment-locked")).doesNotExist();
    assertThat(root.resolve("ostree/deploy/caisson/deploy/" + b + ".0")).doesNotExist();
    assertThat(onA.finalizeStaged()).isEmpty();
    assertThat(onA.discardStaged()).isFalse();
    assertThat(booted(boot())).isEqualTo(a);
  }

  @Test
  void theLockNeedsAStagedDeploy() {
    assertThatThrownBy(() -> new DeployRequest("caisson", "x", List.of(), List.of(), Optional.empty(),
        Optional.empty(), false, false, false, 3, true)).hasMessageContaining("needs --stage");
  }
}
