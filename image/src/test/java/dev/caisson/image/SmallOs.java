package dev.caisson.image;

import dev.caisson.store.CommitWriter;
import dev.caisson.store.ObjectId;
import dev.caisson.store.Repo;
import dev.caisson.store.RepoMode;
import dev.caisson.store.StoreListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * A tiny commit laid out as a bootable OS (kernel and initramfs under /usr/lib/modules, /usr/etc,
 * os-release, a setgid file), in a bare-user repo: enough to build and inspect images quickly. It
 * does not boot; the boot tests use the fixture tree of {@code src/test/fixture/bootable-tree.sh}.
 */
final class SmallOs {
  static final String KVER = "6.1.0-test-amd64";
  static final String REF = ImageSpec.DEFAULT_REF;
  static final byte[] LOADER = "MZ fake systemd-boot for tests".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private SmallOs() {}

  static ObjectId commit(Path repoDir, Path scratch, boolean withSystemdBoot) throws IOException {
    Path tree = Files.createDirectories(scratch.resolve("tree"));
    Path mod = Files.createDirectories(tree.resolve("usr/lib/modules/" + KVER));
    Files.write(mod.resolve("vmlinuz"), bytes("kernel", 300_000));
    Files.write(mod.resolve("initramfs.img"), bytes("initramfs", 200_000));
    Files.createDirectories(tree.resolve("usr/etc"));
    Files.writeString(tree.resolve("usr/etc/hostname"), "caisson\n");
    Files.writeString(tree.resolve("usr/lib/os-release"), "PRETTY_NAME=\"Caisson Test OS\"\nID=caisson\n");
    Files.createDirectories(tree.resolve("usr/bin"));
    Path sgid = tree.resolve("usr/bin/ssh-agent");
    Files.writeString(sgid, "#!/bin/sh\n");
    Files.setPosixFilePermissions(sgid, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setAttribute(sgid, "unix:mode", 02755);
    Files.createSymbolicLink(tree.resolve("bin"), Path.of("usr/bin"));
    Files.createDirectories(tree.resolve("sysroot"));
    Files.createDirectories(tree.resolve("efi"));
    Files.createSymbolicLink(tree.resolve("ostree"), Path.of("sysroot/ostree"));
    if (withSystemdBoot) {
      Path efi = Files.createDirectories(tree.resolve("usr/lib/systemd/boot/efi"));
      Files.write(efi.resolve("systemd-bootx64.efi"), LOADER);
    }
    Repo repo = Repo.init(repoDir, RepoMode.BARE_USER);
    var opts = new CommitWriter.Options(Optional.of(REF), "test OS", "", Optional.empty(),
        Optional.of(1_796_083_200L), java.util.List.of(
            java.util.Map.entry("version", dev.caisson.store.gvariant.GVariant.Variant.of("s", "1.0"))),
        true, Optional.empty(), Optional.empty(), false).withBootable(true);
    return new CommitWriter(repo, StoreListener.SILENT).commit(tree, opts);
  }

  /** Incompressible-looking but reproducible content. */
  static byte[] bytes(String seed, int n) {
    var r = new java.util.Random(seed.hashCode());
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }
}
