package dev.caisson.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code caisson image build} and the vm verbs' errors, through the command line. */
class ImageCliTest {
  @TempDir Path tmp;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void buildsAnImageFromACommittedTreeAndSaysWhatItWrote() throws Exception {
    Path tree = tmp.resolve("tree");
    Path mod = Files.createDirectories(tree.resolve("usr/lib/modules/6.1.0-x"));
    Files.writeString(mod.resolve("vmlinuz"), "kernel");
    Files.writeString(mod.resolve("initramfs.img"), "initramfs");
    Files.createDirectories(tree.resolve("usr/etc"));
    Path efi = Files.createDirectories(tree.resolve("usr/lib/systemd/boot/efi"));
    Files.writeString(efi.resolve("systemd-bootx64.efi"), "loader");
    Path repo = tmp.resolve("repo");
    assertThat(run("repo", "init", "--repo", repo.toString(), "--mode", "bare-user")).isZero();
    assertThat(run("repo", "commit", "--repo", repo.toString(), "-b", "caisson/stable/x86_64", "--tree=dir=" + tree,
        "--bootable")).isZero();
    Path img = tmp.resolve("disk.qcow2");
    int rc = run("image", "build", "--repo", repo.toString(), "-o", img.toString(), "--size", "600M", "--format",
        "qcow2", "--karg", "quiet");
    assertThat(rc).as(err.toString()).isZero();
    assertThat(out.toString()).contains(img + ": commit ").contains("600 MiB disk")
        .contains("entry ostree-1-caisson+3.conf");
    assertThat(err.toString()).contains("writing the root filesystem (ext4, mke2fs -d)");
    byte[] magic = new byte[4];
    try (var in = Files.newInputStream(img)) {
      assertThat(in.read(magic)).isEqualTo(4);
    }
    assertThat(new String(magic, 0, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("QFI");
  }

  @Test
  void badInputsAreShortErrors() {
    assertThat(run("image", "build", "--repo", tmp.toString(), "-o", tmp.resolve("x.img").toString(), "--size",
        "huge")).isEqualTo(1);
    assertThat(err.toString()).contains("not a size: 'huge'");
    assertThat(run("vm", "run", tmp.resolve("missing.img").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("missing.img: no such disk image");
  }
}
