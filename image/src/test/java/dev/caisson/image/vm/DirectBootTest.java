package dev.caisson.image.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.image.ImageBuilder;
import dev.caisson.image.ImageListener;
import dev.caisson.image.ImageSpec;
import dev.caisson.image.SmallOsAccess;
import dev.caisson.image.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Direct boot as the boot loader: the entry systemd-boot would pick, its counter renamed in the image with debugfs. */
class DirectBootTest {
  @TempDir Path tmp;
  final Tools tools = new Tools();
  Path image;
  VmDir dir;
  ImageRootFs fs;
  String entries;

  @BeforeEach
  void image() throws Exception {
    Path repo = tmp.resolve("repo");
    SmallOsAccess.commit(repo, Files.createDirectories(tmp.resolve("os")));
    image = tmp.resolve("disk.img");
    new ImageBuilder(tools, ImageListener.SILENT, tmp).build(ImageSpec.of(repo, ImageSpec.DEFAULT_REF, image)
        .withSize(600L << 20));
    dir = new VmDir(Files.createDirectories(tmp.resolve("vm")));
    fs = ImageRootFs.open(tools, image);
    entries = fs.entriesDir();
  }

  private DirectBoot.Prepared boot() throws Exception {
    return new DirectBoot(tools).prepare(image, dir, List.of("rcupdate.rcu_cpu_stall_suppress=1"));
  }

  @Test
  void eachBootUsesOneTryInTheImageUntilNoneAreLeft() throws Exception {
    DirectBoot.Prepared first = boot();
    assertThat(first.entryBefore()).isEqualTo("ostree-1-caisson+3.conf");
    assertThat(first.entryAfter()).isEqualTo("ostree-1-caisson+2-1.conf");
    assertThat(fs.list(entries)).containsExactly("ostree-1-caisson+2-1.conf");
    assertThat(Files.readAllBytes(dir.kernel())).isEqualTo(SmallOsAccess.kernel());
    assertThat(Files.readAllBytes(dir.initrd())).isEqualTo(SmallOsAccess.initramfs());
    assertThat(first.direct().append()).startsWith("root=LABEL=caisson-root rw console=ttyS0,115200 ostree=/ostree/boot.1/caisson/")
        .endsWith(" rcupdate.rcu_cpu_stall_suppress=1");
    assertThat(boot().entryAfter()).isEqualTo("ostree-1-caisson+1-2.conf");
    assertThat(boot().entryAfter()).isEqualTo("ostree-1-caisson+0-3.conf");
    // out of tries and nothing else to boot: it is booted as it is, as systemd-boot does
    DirectBoot.Prepared last = boot();
    assertThat(last.entryBefore()).isEqualTo(last.entryAfter()).isEqualTo("ostree-1-caisson+0-3.conf");
    assertThat(fs.list(entries)).containsExactly("ostree-1-caisson+0-3.conf");
    Tools.Result fsck = tools.exec(java.util.Map.of(), List.of("e2fsck", "-fn", fs.device()));
    assertThat(fsck.exitCode()).as(fsck.stdout()).isZero();
  }

  @Test
  void theNewestEntryWithTriesLeftBootsAndABadOneRollsBackToThePrevious() throws Exception {
    // a second deployment's entry, as an in-guest deploy writes it: version 2, three tries
    String one = fs.readString(entries + "/ostree-1-caisson+3.conf");
    Path two = tmp.resolve("ostree-2-caisson+3.conf");
    Files.writeString(two, one.replace("(ostree:0)", "(ostree:0) new").replace("version 1", "version 2"));
    tools.run(List.of("debugfs", "-w", "-R", "write " + two + " " + entries + "/ostree-2-caisson+3.conf", fs.device()));
    fs.rename(entries, "ostree-1-caisson+3.conf", "ostree-1-caisson.conf"); // blessed

    assertThat(boot().entryAfter()).isEqualTo("ostree-2-caisson+2-1.conf");
    assertThat(boot().entryAfter()).isEqualTo("ostree-2-caisson+1-2.conf");
    assertThat(boot().entryAfter()).isEqualTo("ostree-2-caisson+0-3.conf");
    // never blessed: the previous deployment boots, and stays blessed
    DirectBoot.Prepared rollback = boot();
    assertThat(rollback.entryAfter()).isEqualTo("ostree-1-caisson.conf");
    assertThat(fs.list(entries)).containsExactlyInAnyOrder("ostree-1-caisson.conf", "ostree-2-caisson+0-3.conf");
  }
}
