package dev.caisson.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caisson.image.vm.ImageRootFs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds an image of a small commit once, then reads it back with sfdisk, mtools, e2fsck and debugfs. */
class ImageBuildTest {
  @TempDir static Path tmp;
  static Path repo;
  static Path image;
  static ImageBuilder.Result built;
  static final Tools TOOLS = new Tools();
  static final List<String> steps = new ArrayList<>();

  @BeforeAll
  static void build() throws Exception {
    repo = tmp.resolve("repo");
    SmallOs.commit(repo, Files.createDirectories(tmp.resolve("os")), true);
    image = tmp.resolve("disk.img");
    var listener = new ImageListener() {
      @Override
      public void step(String m) {
        steps.add(m);
      }

      @Override
      public void progress(String what, long done, long total) {}
    };
    built = new ImageBuilder(TOOLS, listener, tmp.resolve("no-host"))
        .build(ImageSpec.of(repo, SmallOs.REF, image).withSize(600L << 20).withKargs(List.of("quiet")));
  }

  private static String mtools(String... args) throws Exception {
    var argv = new ArrayList<>(List.of(args));
    return TOOLS.run(Map.of("MTOOLS_SKIP_CHECK", "1"), argv);
  }

  @Test
  void theGptHasTheEspAndTheRootPartitionAsSfdiskReadsIt() throws Exception {
    JsonNode t = new ObjectMapper().readTree(TOOLS.run(List.of("sfdisk", "--json", image.toString())))
        .get("partitiontable");
    assertThat(t.get("label").asText()).isEqualTo("gpt");
    JsonNode esp = t.get("partitions").get(0);
    JsonNode root = t.get("partitions").get(1);
    assertThat(esp.get("type").asText()).isEqualTo("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
    assertThat(esp.get("name").asText()).isEqualTo("EFI-SYSTEM");
    assertThat(esp.get("start").asLong()).isEqualTo(2048);
    assertThat(esp.get("size").asLong()).isEqualTo(256L * 2048);
    assertThat(root.get("type").asText()).isEqualTo("4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709");
    assertThat(root.get("name").asText()).isEqualTo("caisson-root");
    assertThat(root.get("start").asLong()).isEqualTo(2048 + 256L * 2048);
    assertThat((root.get("start").asLong() + root.get("size").asLong()) % 2048).isZero();
    assertThat(Files.size(image)).isEqualTo(600L << 20);
    // sparse: far less is allocated than the disk's size
    assertThat((Long) Files.getAttribute(image, "unix:size")).isEqualTo(600L << 20);
    assertThat(TOOLS.run(List.of("sgdisk", "-v", image.toString()))).contains("No problems found");
  }

  @Test
  void theEspHoldsSystemdBootTheLoaderConfigAndCountedEntriesWithTheirKernels() throws Exception {
    String img = image + "@@1M";
    assertThat(mtools("mdir", "-b", "-i", img, "::/loader/entries").trim())
        .isEqualTo("::/loader/entries/ostree-1-caisson+3.conf");
    assertThat(mtools("mtype", "-i", img, "::/loader/loader.conf")).isEqualTo(EspImage.LOADER_CONF);
    Path out = tmp.resolve("BOOTX64.EFI");
    mtools("mcopy", "-n", "-i", img, "::/EFI/BOOT/BOOTX64.EFI", out.toString());
    assertThat(Files.readAllBytes(out)).isEqualTo(SmallOs.LOADER);
    String entry = mtools("mtype", "-i", img, "::/loader/entries/ostree-1-caisson+3.conf");
    assertThat(entry).contains("title Caisson Test OS 1.0 (ostree:0)")
        .contains("options root=LABEL=caisson-root rw console=ttyS0,115200 quiet ostree=/ostree/boot.1/caisson/");
    String linux = entry.lines().filter(l -> l.startsWith("linux ")).findFirst().orElseThrow().substring(6);
    String initrd = entry.lines().filter(l -> l.startsWith("initrd ")).findFirst().orElseThrow().substring(7);
    Path k = tmp.resolve("k");
    mtools("mcopy", "-n", "-i", img, "::" + linux, k.toString());
    assertThat(Files.readAllBytes(k)).isEqualTo(SmallOs.bytes("kernel", 300_000));
    Path i = tmp.resolve("i");
    mtools("mcopy", "-n", "-i", img, "::" + initrd, i.toString());
    assertThat(Files.readAllBytes(i)).isEqualTo(SmallOs.bytes("initramfs", 200_000));
    assertThat(built.defaultEntry()).isEqualTo("ostree-1-caisson+3.conf");
  }

  @Test
  void theRootFilesystemIsCleanLabelledAndHoldsTheSysrootWithItsFirstBootStamp() throws Exception {
    long offset = built.layout().rootOffset();
    Tools.Result fsck = TOOLS.exec(Map.of(), List.of("e2fsck", "-fn", image + "?offset=" + offset));
    assertThat(fsck.exitCode()).as(fsck.stdout() + fsck.stderr()).isZero();
    assertThat(TOOLS.run(List.of("dumpe2fs", "-h", image + "?offset=" + offset)))
        .contains("Filesystem volume name:   caisson-root")
        .contains("Filesystem UUID:          " + built.layout().rootFsUuid());
    var fs = ImageRootFs.open(TOOLS, image);
    assertThat(fs.device()).endsWith("?offset=" + offset);
    assertThat(fs.list("/boot")).contains("caisson.firstboot", "loader", "loader.1", "ostree");
    assertThat(fs.readlink("/boot/loader")).contains("loader.1");
    assertThat(fs.list(fs.entriesDir())).containsExactly("ostree-1-caisson+3.conf");
    String deploy = "/ostree/deploy/caisson/deploy/" + built.commit() + ".0";
    assertThat(fs.list(deploy + "/etc")).contains("hostname");
    // hard links survive mke2fs -d: the deployment's kernel is the repo object's inode
    String stat = TOOLS.run(List.of("debugfs", "-R", "stat " + deploy + "/usr/lib/modules/" + SmallOs.KVER
        + "/vmlinuz", fs.device()));
    assertThat(stat).containsPattern("Links: [2-9]");
    // the setgid bit is kept
    assertThat(TOOLS.run(List.of("debugfs", "-R", "stat " + deploy + "/usr/bin/ssh-agent", fs.device())))
        .contains("Mode:  02755");
  }

  @Test
  void theStepsAreReportedToTheListenerAndNoWorkDirectoryIsLeft() throws Exception {
    assertThat(steps).anyMatch(s -> s.startsWith("pulling " + SmallOs.REF))
        .anyMatch(s -> s.startsWith("writing the root filesystem"));
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".build-"));
    }
  }

  @Test
  void qcow2IsConvertedFromTheRawDisk() throws Exception {
    Path q = tmp.resolve("disk.qcow2");
    new ImageBuilder(TOOLS, ImageListener.SILENT, tmp.resolve("no-host"))
        .build(ImageSpec.of(repo, SmallOs.REF, q).withSize(600L << 20).withFormat(ImageFormat.QCOW2));
    JsonNode info = new ObjectMapper().readTree(TOOLS.run(List.of("qemu-img", "info", "--output=json", q.toString())));
    assertThat(info.get("format").asText()).isEqualTo("qcow2");
    assertThat(info.get("virtual-size").asLong()).isEqualTo(600L << 20);
    assertThat(Files.size(q)).isLessThan(100L << 20);
  }

  @Test
  void withoutSystemdBootInTheCommitTheHostsIsUsedAndWithNeitherTheBuildFailsLeavingNothing() throws Exception {
    Path repo2 = tmp.resolve("repo-no-sdboot");
    SmallOs.commit(repo2, Files.createDirectories(tmp.resolve("os2")), false);
    Path out = tmp.resolve("none.img");
    assertThatThrownBy(() -> new ImageBuilder(TOOLS, ImageListener.SILENT, tmp.resolve("no-host"))
        .build(ImageSpec.of(repo2, SmallOs.REF, out).withSize(600L << 20)))
        .isInstanceOf(ImageException.class).hasMessageContaining("systemd-boot-efi");
    assertThat(out).doesNotExist();
    Path host = tmp.resolve("host");
    Files.createDirectories(host.resolve(EspImage.SYSTEMD_BOOT).getParent());
    Files.writeString(host.resolve(EspImage.SYSTEMD_BOOT), "host loader");
    new ImageBuilder(TOOLS, ImageListener.SILENT, host).build(ImageSpec.of(repo2, SmallOs.REF, out)
        .withSize(600L << 20));
    Path got = tmp.resolve("got.efi");
    mtools("mcopy", "-n", "-i", out + "@@1M", "::/EFI/BOOT/BOOTX64.EFI", got.toString());
    assertThat(Files.readString(got)).isEqualTo("host loader");
  }

  @Test
  void kernelArgumentsReplaceDefaultsByKey() {
    assertThat(SysrootBuilder.kargs(List.of("console=tty0", "quiet")))
        .containsExactly("root=LABEL=caisson-root", "rw", "console=tty0", "quiet");
  }

  @Test
  void sizesParse() {
    assertThat(ImageSpec.parseSize("8G")).isEqualTo(8L << 30);
    assertThat(ImageSpec.parseSize("3584M")).isEqualTo(3584L << 20);
    assertThat(ImageSpec.parseSize("1GiB")).isEqualTo(1L << 30);
    assertThatThrownBy(() -> ImageSpec.parseSize("big")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ImageSpec.of(repo, "r", image).withSize(100L << 20))
        .hasMessageContaining("at least");
  }
}
