package dev.caisson.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.store.Commit;
import dev.caisson.store.Content;
import dev.caisson.store.Fsck;
import dev.caisson.store.ObjectId;
import dev.caisson.store.Repo;
import dev.caisson.store.RepoMode;
import dev.caisson.store.StoreListener;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Composes the real OS from {@code os/caisson.yaml} (needs root, mmdebstrap and Debian's mirror):
 * about 5 to 10 minutes with an empty cache, under a minute with a warm one. Run it with
 * {@code ./mvnw -B -pl compose -am verify -Pcompose-it}; the cache is the user's default one.
 */
class ComposeIT {
  @TempDir Path tmp;

  @Test
  void composesTheShippedOsTwiceTheSecondFromTheCache() throws Exception {
    Path root = Path.of(System.getProperty("caisson.root", ".."));
    Manifest m = ManifestParser.parse(root.resolve("os/caisson.yaml"));
    Path jar = root.resolve("cli/target/caisson.jar");
    if (!Files.isRegularFile(jar)) {
      // the cli module is built after this one: ship this module's jar instead (compose does not run it)
      try (var s = Files.list(root.resolve("compose/target"))) {
        jar = s.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
      }
    }
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "caisson", "compose");
    Path repo = tmp.resolve("repo");
    var req = new ComposeRequest(m, repo, RepoMode.BARE_USER, cache, jar, Path.of(System.getProperty("java.home")),
        Initramfs.DEFAULT_BUSYBOX, Optional.of(1_700_000_000L), false);
    ComposeResult first = new Composer(ComposeListener.SILENT).run(req);
    ComposeResult second = new Composer(ComposeListener.SILENT).run(new ComposeRequest(
        m.withVersion(m.version() + ".1"), repo, RepoMode.BARE_USER, cache, jar, req.javaHome(), req.busybox(),
        req.timestamp(), false));
    System.out.println("compose IT: first " + first.seconds() + ", second " + second.seconds());
    assertThat(second.rootfsCached()).isTrue();
    assertThat(second.treeBytes()).isLessThan(400L << 20);

    Repo r = Repo.open(repo);
    Commit c = Commit.read(r, second.commit());
    assertThat(c.parent()).contains(first.commit());
    assertThat(r.ref(m.ref())).contains(second.commit());
    assertThat(c.string("version")).contains(m.version() + ".1");
    assertThat(c.string("caisson.stream")).contains("stable");
    assertThat(c.string("ostree.linux")).contains(second.kernel());
    assertThat(c.metadata().get("ostree.bootable").value()).isEqualTo(true);
    assertThat(c.timestamp()).isEqualTo(1_700_000_000L);

    String k = "usr/lib/modules/" + second.kernel() + "/";
    for (String p : List.of(k + "vmlinuz", k + "initramfs.img", k + "modules.dep", "usr/etc/os-release",
        "usr/etc/machine-id", "usr/bin/caisson", "usr/lib/caisson/caisson.jar", "usr/lib/caisson/jre/bin/java",
        "usr/lib/systemd/system/caisson-agent.service", "usr/lib/tmpfiles.d/caisson-ostree.conf",
        "usr/lib/systemd/systemd", "usr/bin/podman", "usr/sbin/sshd", "usr/lib/systemd/boot/efi/systemd-bootx64.efi",
        "usr/lib/systemd/systemd-bless-boot")) {
      assertThat(file(r, c, p)).as(p).isPresent();
    }
    for (String p : List.of("usr/bin/apt", "usr/bin/dpkg", "usr/etc/ssh/ssh_host_ed25519_key", "usr/bin/ostree",
        "etc/os-release", "boot/vmlinuz-" + second.kernel())) {
      assertThat(file(r, c, p)).as(p).isEmpty();
    }
    try (InputStream in = new GZIPInputStream(Content.load(r, file(r, c, k + "initramfs.img").get()).content())) {
      Path cpio = tmp.resolve("initramfs.cpio");
      Files.write(cpio, in.readAllBytes());
      assertThat(Tools.run(tmp, "busybox", "cpio", "-t", "-F", cpio.toString()))
          .contains("init", "bin/busybox", "lib/modules/virtio_blk.ko", "lib/modules/ext4.ko");
    }
    assertThat(new Fsck(r, StoreListener.SILENT).run().ok()).isTrue();
  }

  private static Optional<ObjectId> file(Repo r, Commit c, String path) throws Exception {
    Commit.Tree t = Commit.tree(r, c.rootTree());
    String[] parts = path.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      Commit.Dir d = t.dirs().get(parts[i]);
      if (d == null) {
        return Optional.empty();
      }
      t = Commit.tree(r, d.tree());
    }
    return Optional.ofNullable(t.files().get(parts[parts.length - 1]));
  }
}
