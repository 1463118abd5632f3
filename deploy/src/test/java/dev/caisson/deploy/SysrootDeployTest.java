package dev.caisson.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caisson.deploy.boot.BlsEntry;
import dev.caisson.deploy.boot.BootMenu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our deploy against the real {@code ostree admin deploy}, on the same commits. */
class SysrootDeployTest {
  @TempDir Path tmp;

  private Path newSysroot(String name) throws Exception {
    Path sysroot = Files.createDirectories(tmp.resolve(name));
    RealOstree.run(tmp, "admin", "init-fs", sysroot.toString());
    RealOstree.run(tmp, "admin", "os-init", "--sysroot=" + sysroot, "caisson");
    return sysroot;
  }

  private String commit(Path sysroot, String version, String motd) throws Exception {
    Path tree = tmp.resolve("tree-" + version);
    if (!Files.exists(tree)) {
      Files.createDirectories(tree.resolve("usr/lib/modules/6.1.0-test"));
      Files.createDirectories(tree.resolve("usr/etc/app"));
      Files.writeString(tree.resolve("usr/lib/modules/6.1.0-test/vmlinuz"), "kernel " + version);
      Files.writeString(tree.resolve("usr/lib/modules/6.1.0-test/initramfs.img"), "initramfs");
      Files.writeString(tree.resolve("usr/lib/os-release"), "NAME=Caisson\nPRETTY_NAME=\"Caisson OS\"\n");
      Files.writeString(tree.resolve("usr/etc/motd"), motd);
      Files.writeString(tree.resolve("usr/etc/app/app.conf"), "v=" + version + "\n");
    }
    return RealOstree.run(tmp, "--repo=" + sysroot.resolve("ostree/repo"), "commit", "-b", "caisson/stable",
        "--tree=dir=" + tree, "--add-metadata-string=version=" + version, "--timestamp=2024-01-01T00:00:00Z").strip();
  }

  private Sysroot ours(Path sysroot) {
    return new Sysroot(new SysrootLayout(sysroot), new OstreeCliCommits(sysroot.resolve("ostree/repo")),
        Optional.empty(), DeployListener.SILENT, tmp.resolve("run"));
  }

  private static List<String> statusNames(String status) {
    return Pattern.compile("caisson ([0-9a-f]{64}\\.\\d+)").matcher(status).results().map(r -> r.group(1)).toList();
  }

  @Test
  void entriesMatchWhatOstreeWritesForTheSameCommit() throws Exception {
    Path a = newSysroot("a");
    Path b = newSysroot("b");
    String ca = commit(a, "1.0", "hello\n");
    String cb = commit(b, "1.0", "hello\n");
    assertThat(ca).isEqualTo(cb);

    ours(a).deploy(DeployRequest.of("caisson", "caisson/stable").withKargs(List.of("root=LABEL=root", "quiet"), List.of())
        .withTries(0));
    RealOstree.run(tmp, "admin", "deploy", "--sysroot=" + b, "--os=caisson", "--karg=root=LABEL=root", "--karg=quiet",
        "caisson/stable");

    BlsEntry mine = only(a);
    BlsEntry theirs = only(b);
    assertThat(mine.asMap()).isEqualTo(theirs.asMap());
    assertThat(Files.readString(a.resolve("ostree/deploy/caisson/deploy/" + ca + ".0.origin")))
        .isEqualTo(Files.readString(b.resolve("ostree/deploy/caisson/deploy/" + cb + ".0.origin")));
    assertThat(Files.readString(a.resolve("ostree/deploy/caisson/deploy/" + ca + ".0/etc/motd"))).isEqualTo("hello\n");
    assertThat(a.resolve("ostree/repo/refs/heads/ostree/1/0/0")).hasContent(ca);
  }

  @Test
  void kernelHashedFromTheStoreNamesTheSameBootDirectoryAsOstree() throws Exception {
    Path a = newSysroot("a");
    Path b = newSysroot("b");
    String ca = commit(a, "1.0", "hello\n");
    commit(b, "1.0", "hello\n");
    var store = new RepoCommits(dev.caisson.store.Repo.open(a.resolve("ostree/repo")));
    String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest("kernel 1.0initramfs".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(store.kernel(ca)).contains(new CommitSource.KernelId("6.1.0-test", expected));

    new Sysroot(new SysrootLayout(a), store, Optional.empty(), DeployListener.SILENT, tmp.resolve("run"))
        .deploy(DeployRequest.of("caisson", "caisson/stable").withKargs(List.of("root=LABEL=root"), List.of())
            .withTries(0));
    RealOstree.run(tmp, "admin", "deploy", "--sysroot=" + b, "--os=caisson", "--karg=root=LABEL=root",
        "caisson/stable");
    assertThat(only(a).asMap()).isEqualTo(only(b).asMap()).containsValue("/ostree/caisson-" + expected + "/vmlinuz-6.1.0-test");
  }

  private static BlsEntry only(Path sysroot) throws Exception {
    try (var s = Files.list(sysroot.resolve("boot/loader/entries"))) {
      List<Path> files = s.toList();
      assertThat(files).hasSize(1);
      return BlsEntry.parse(Files.readString(files.get(0)));
    }
  }

  @Test
  void ostreeAdminStatusReadsOurDeploymentsInOrder() throws Exception {
    Path a = newSysroot("a");
    Sysroot sysroot = ours(a);
    String c1 = commit(a, "1.0", "one\n");
    sysroot.deploy(DeployRequest.of("caisson", "caisson/stable"));
    String c2 = commit(a, "2.0", "two\n");
    sysroot.deploy(DeployRequest.of("caisson", "caisson/stable"));
    sysroot.deploy(DeployRequest.of("caisson", c2).withFlags(true, false, false));

    String status = RealOstree.run(tmp, "admin", "status", "--sysroot=" + a);

    assertThat(statusNames(status)).containsExactly(c2 + ".1", c2 + ".0", c1 + ".0");
    assertThat(sysroot.state().deployments()).extracting(Deployment::name).containsExactly(c2 + ".1", c2 + ".0", c1 + ".0");
    // a new deployment counts its boots; the older entries keep their state
    assertThat(new BootMenu(a.resolve("boot/loader/entries")).chosen().orElseThrow().file().getFileName())
        .hasToString("ostree-3-caisson+3.conf");
  }

  @Test
  void withoutRetainOnlyTheMergeDeploymentIsKept() throws Exception {
    Path a = newSysroot("a");
    Sysroot sysroot = ours(a);
    commit(a, "1.0", "one\n");
    sysroot.deploy(DeployRequest.of("caisson", "caisson/stable"));
    commit(a, "2.0", "two\n");
    sysroot.deploy(DeployRequest.of("caisson", "caisson/stable"));
    String c3 = commit(a, "3.0", "three\n");
    sysroot.deploy(DeployRequest.of("caisson", "caisson/stable"));

    assertThat(sysroot.state().deployments()).hasSize(2);
    assertThat(sysroot.state().deployments().get(0).checksum()).isEqualTo(c3);
    try (var s = Files.list(a.resolve("ostree/deploy/caisson/deploy"))) {
      assertThat(s.filter(Files::isDirectory).count()).isEqualTo(2);
    }
    assertThat(statusNames(RealOstree.run(tmp, "admin", "status", "--sysroot=" + a))).hasSize(2);
  }

  @Test
  void etcEditsSurviveAnUpdate() throws Exception {
    Path a = newSysroot("a");
    Sysroot sysroot = ours(a);
    commit(a, "1.0", "old motd\n");
    Deployment first = sysroot.deploy(DeployRequest.of("caisson", "caisson/stable"));
    Path etc = a.resolve("ostree/deploy/caisson/deploy/" + first.name() + "/etc");
    Files.writeString(etc.resolve("motd"), "admin motd\n");
    Files.writeString(etc.resolve("local.conf"), "mine\n");
    commit(a, "2.0", "new motd\n");

    Deployment second = sysroot.deploy(DeployRequest.of("caisson", "caisson/stable"));

    Path newEtc = a.resolve("ostree/deploy/caisson/deploy/" + second.name() + "/etc");
    assertThat(newEtc.resolve("motd")).hasContent("admin motd");
    assertThat(newEtc.resolve("local.conf")).hasContent("mine");
    assertThat(newEtc.resolve("app/app.conf")).hasContent("v=2.0");
  }

  @Test
  void rollbackPinUndeployAndCleanup() throws Exception {
    Path a = newSysroot("a");
    Sysroot sysroot = ours(a);
    String c1 = commit(a, "1.0", "one\n");
    sysroot.deploy(DeployRequest.of("caisson", "caisson/stable"));
    String c2 = commit(a, "2.0", "two\n");
    sysroot.deploy(DeployRequest.of("caisson", "caisson/stable"));

    assertThat(new SysrootEdits(sysroot).rollback().checksum()).isEqualTo(c1);
    assertThat(sysroot.state().deployments()).extracting(Deployment::checksum).containsExactly(c1, c2);

    new SysrootEdits(sysroot).pin(1, true);
    assertThat(sysroot.state().deployments().get(1).pinned()).isTrue();
    commit(a, "3.0", "three\n");
    sysroot.deploy(DeployRequest.of("caisson", "caisson/stable"));
    // the pinned deployment survives a deploy without --retain
    assertThat(sysroot.state().deployments()).extracting(Deployment::checksum).contains(c2);

    int pinnedIndex = sysroot.state().deployments().stream().filter(Deployment::pinned).findFirst().orElseThrow().index();
    new SysrootEdits(sysroot).undeploy(pinnedIndex);
    assertThat(sysroot.state().deployments()).extracting(Deployment::checksum).doesNotContain(c2);
    assertThat(a.resolve("ostree/deploy/caisson/deploy/" + c2 + ".0")).doesNotExist();
    assertThatThrownBy(() -> new SysrootEdits(sysroot).undeploy(7)).hasMessageContaining("no deployment with index 7");

    KernelArgs edited = new SysrootEdits(sysroot).editKargs(KargsEdit.parse("ensure console=ttyS0\n", "t"));
    assertThat(edited.args()).contains("console=ttyS0");
    assertThat(sysroot.state().deployments().get(0).kargs()).isEqualTo(edited);
    assertThat(RealOstree.run(tmp, "admin", "status", "--sysroot=" + a)).contains(sysroot.state().deployments().get(0).name());
  }
}
