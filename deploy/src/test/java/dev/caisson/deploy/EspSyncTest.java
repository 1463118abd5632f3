package dev.caisson.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.deploy.boot.BlsEntry;
import dev.caisson.deploy.boot.BootMenu;
import dev.caisson.deploy.boot.KernelArgsOf;
import dev.caisson.deploy.esp.EspResync;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** P9: every deploy, rollback, cleanup and finalize-staged leaves the ESP equal to /boot, counters kept on the ESP. */
class EspSyncTest {
  @TempDir Path tmp;
  Path root;
  Path run;
  EspDirectory esp;
  OstreeCliCommits commits;

  @BeforeEach
  void sysroot() throws Exception {
    root = Files.createDirectories(tmp.resolve("sysroot"));
    run = tmp.resolve("run");
    esp = new EspDirectory(Files.createDirectories(tmp.resolve("esp")));
    RealOstree.run(tmp, "admin", "init-fs", root.toString());
    RealOstree.run(tmp, "admin", "os-init", "--sysroot=" + root, "caisson");
    commits = new OstreeCliCommits(root.resolve("ostree/repo"));
  }

  private void commit(String version) throws Exception {
    Path tree = tmp.resolve("tree-" + version);
    Files.createDirectories(tree.resolve("usr/lib/modules/6.1.0"));
    Files.createDirectories(tree.resolve("usr/etc"));
    Files.writeString(tree.resolve("usr/lib/modules/6.1.0/vmlinuz"), "kernel " + version);
    Files.writeString(tree.resolve("usr/lib/modules/6.1.0/initramfs.img"), "initramfs " + version);
    RealOstree.run(tmp, "--repo=" + root.resolve("ostree/repo"), "commit", "-b", "caisson/stable",
        "--tree=dir=" + tree, "--add-metadata-string=version=" + version);
  }

  private Sysroot at(Optional<String> booted) {
    return new Sysroot(new SysrootLayout(root), commits, booted, DeployListener.SILENT, run).withEsp(esp);
  }

  /** Boots through the ESP's menu, as systemd-boot does. */
  private Sysroot boot() throws Exception {
    BootMenu.Item item = new BootMenu(esp.entries()).attempt().orElseThrow();
    return at(Optional.of(KernelArgsOf.ostreeArg(item.entry())));
  }

  private List<String> espEntries() throws Exception {
    try (Stream<Path> s = Files.list(esp.entries())) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private List<String> espKernelDirs() throws Exception {
    try (Stream<Path> s = Files.list(esp.root().resolve("ostree"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Every entry on the ESP names a kernel and initramfs that are on the ESP, byte for byte as in /boot. */
  private void espIsBootable() throws Exception {
    for (String name : espEntries()) {
      BlsEntry e = BlsEntry.parse(Files.readString(esp.entries().resolve(name)));
      for (String key : List.of("linux", "initrd")) {
        Path onEsp = esp.root().resolve(e.get(key).substring(1));
        assertThat(onEsp).exists();
        assertThat(Files.mismatch(onEsp, root.resolve("boot").resolve(e.get(key).substring(1)))).isEqualTo(-1L);
      }
    }
  }

  @Test
  void aNewDeploymentArrivesWithThreeTriesAndTheBootedOneKeepsItsBlessing() throws Exception {
    commit("1.0");
    at(Optional.empty()).deploy(DeployRequest.of("caisson", "caisson/stable"));
    assertThat(espEntries()).containsExactly("ostree-1-caisson+3.conf");
    Sysroot onA = boot();
    new BootMenu(esp.entries()).bless("ostree-1-caisson");
    commit("2.0");
    onA.deploy(DeployRequest.of("caisson", "caisson/stable"));
    assertThat(espEntries()).containsExactly("ostree-1-caisson.conf", "ostree-2-caisson+3.conf");
    assertThat(espKernelDirs()).hasSize(2);
    espIsBootable();
  }

  @Test
  void rollbackAndStagedFinalizeRewriteTheEsp() throws Exception {
    commit("1.0");
    at(Optional.empty()).deploy(DeployRequest.of("caisson", "caisson/stable").withTries(0));
    Sysroot onA = boot();
    commit("2.0");
    onA.deploy(DeployRequest.of("caisson", "caisson/stable").withFlags(false, false, true));
    assertThat(espEntries()).containsExactly("ostree-1-caisson.conf");
    onA.finalizeStaged();
    assertThat(espEntries()).containsExactly("ostree-1-caisson.conf", "ostree-2-caisson+3.conf");
    String newDefault = BlsEntry.parse(Files.readString(esp.entries().resolve("ostree-2-caisson+3.conf")))
        .get("title");
    assertThat(newDefault).contains("2.0");
    new SysrootEdits(onA).rollback();
    // the rollback target is first again: the ESP's highest-numbered entry is version 1.0
    String first = new BootMenu(esp.entries()).chosen().orElseThrow().entry().get("title");
    assertThat(first).contains("1.0");
    espIsBootable();
  }

  @Test
  void cleanupDropsKernelsNoEntryUsesAndResyncRepairsAnEsp() throws Exception {
    commit("1.0");
    at(Optional.empty()).deploy(DeployRequest.of("caisson", "caisson/stable").withTries(0));
    Sysroot onA = boot();
    commit("2.0");
    onA.deploy(DeployRequest.of("caisson", "caisson/stable").withTries(0));
    // an interrupted sync: a stray kernel directory and a missing entry
    Files.createDirectories(esp.root().resolve("ostree/caisson-deadbeef"));
    Files.delete(esp.entries().resolve("ostree-1-caisson.conf"));
    onA.cleanup();
    assertThat(espKernelDirs()).hasSize(2).doesNotContain("caisson-deadbeef");
    assertThat(espEntries()).containsExactly("ostree-1-caisson.conf", "ostree-2-caisson.conf");
    espIsBootable();
    // an ESP counter wins over /boot's name for an entry the ESP already has
    Files.move(esp.entries().resolve("ostree-2-caisson.conf"), esp.entries().resolve("ostree-2-caisson+1-2.conf"));
    new EspResync(new SysrootLayout(root)).sync(esp);
    assertThat(espEntries()).containsExactly("ostree-1-caisson.conf", "ostree-2-caisson+1-2.conf");
  }
}
