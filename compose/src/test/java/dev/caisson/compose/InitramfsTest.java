package dev.caisson.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitramfsTest {
  static final String K = "6.1.0-99-amd64";

  @TempDir Path root;
  @TempDir Path out;

  @BeforeEach
  void fakeModules() throws Exception {
    Path dir = root.resolve("usr/lib/modules").resolve(K);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("modules.dep"), KernelModulesTest.DEP);
    Files.writeString(dir.resolve("modules.softdep"), KernelModulesTest.SOFTDEP);
    Files.writeString(dir.resolve("modules.builtin"), "kernel/drivers/firmware/qemu_fw_cfg.ko\n");
    for (String line : KernelModulesTest.DEP.split("\n")) {
      String m = line.substring(0, line.indexOf(':'));
      Files.createDirectories(dir.resolve(m).getParent());
      Files.writeString(dir.resolve(m), "module " + m);
    }
  }

  private byte[] build() throws Exception {
    return new Initramfs(Initramfs.DEFAULT_BUSYBOX).build(root, K, List.of("virtio_blk", "ext4", "qemu_fw_cfg"), 0);
  }

  @Test
  void holdsBusyboxInitAndTheModulesInLoadOrder() throws Exception {
    byte[] img = build();
    Path cpio = out.resolve("initramfs.cpio");
    try (var in = new GZIPInputStream(new ByteArrayInputStream(img))) {
      Files.write(cpio, in.readAllBytes());
    }
    List<String> entries = Tools.run(out, "busybox", "cpio", "-t", "-F", cpio.toString());
    assertThat(entries).contains("init", "bin/busybox", "dev/console", "etc/caisson-modules", "etc/udhcpc.script",
        "lib/modules/ext4.ko", "lib/modules/virtio_blk.ko", "lib/modules/crc32c_generic.ko", "newroot", "sysroot")
        .doesNotContain("lib/modules/snd.ko", "lib/modules/virtio_pci.ko");
    Path x = Files.createDirectory(out.resolve("x"));
    Tools.run(x, "busybox", "cpio", "-i", "-d", "-F", cpio.toString(), "etc/caisson-modules", "init", "bin/busybox");
    assertThat(Files.readAllLines(x.resolve("etc/caisson-modules"))).containsExactly("virtio_ring.ko", "virtio.ko",
        "virtio_blk.ko", "crc32c_generic.ko", "jbd2.ko", "mbcache.ko", "crc16.ko", "ext4.ko");
    assertThat(Files.readString(x.resolve("init"))).startsWith("#!/bin/busybox sh")
        .contains("switch_root /newroot /sbin/init", "CAISSON-PROVISION-FAILED", "/boot/caisson.firstboot");
    assertThat(Files.isExecutable(x.resolve("init"))).isTrue();
    assertThat(Files.mismatch(x.resolve("bin/busybox"), Initramfs.DEFAULT_BUSYBOX)).isEqualTo(-1);
  }

  @Test
  void theInitScriptIsValidShell() throws Exception {
    Path init = out.resolve("init");
    Files.write(init, Initramfs.resource("init.sh"));
    Files.write(out.resolve("udhcpc"), Initramfs.resource("udhcpc.script"));
    Tools.run(out, "busybox", "sh", "-n", init.toString());
    Tools.run(out, "busybox", "sh", "-n", out.resolve("udhcpc").toString());
  }

  @Test
  void reproducible() throws Exception {
    assertThat(build()).isEqualTo(build());
  }

  @Test
  void refusesADynamicBusybox() {
    assertThat(Initramfs.hasInterpreter(readBytes(Path.of("/bin/ls")))).isTrue();
    assertThat(Initramfs.hasInterpreter(readBytes(Initramfs.DEFAULT_BUSYBOX))).isFalse();
    assertThatThrownBy(() -> new Initramfs(Path.of("/bin/ls")).build(root, K, List.of("ext4"), 0))
        .hasMessageContaining("dynamically linked");
  }

  private static byte[] readBytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
