package dev.caisson.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage on a sparse image file, checked with sfdisk and blkid. */
class DisksStageTest {
  static final String EXT4_UUID = "6a2ad0c8-2b9e-4b59-9d0c-5a8f0d1f2e31";

  @TempDir Path tmp;
  final List<String> events = new ArrayList<>();

  private Path image(long mib) throws Exception {
    Path img = tmp.resolve("disk.img");
    try (var raf = new RandomAccessFile(img.toFile(), "rw")) {
      raf.setLength(mib << 20);
    }
    return img;
  }

  private DisksStage stage(Path img) {
    DiskListener l = new DiskListener() {
      @Override
      public void started(String op) {
        events.add("started " + op);
      }

      @Override
      public void finished(String op) {
        events.add("finished " + op);
      }

      @Override
      public void failed(String op, String reason) {
        events.add("failed " + op);
      }

      @Override
      public void info(String message) {
        events.add("info " + message);
      }
    };
    return new DisksStage(DeviceResolver.mapping(Map.of("/dev/vda", img)), new ProcessCommands(),
        new Partitioner(new Random(3)), l);
  }

  private static DiskSpec disk(PartitionSpec... parts) {
    return new DiskSpec("storage.disks[0]", "/dev/vda", false, List.of(parts));
  }

  private static FilesystemSpec fs(int i, String device, String format, String label, String uuid, boolean wipe) {
    return new FilesystemSpec("storage.filesystems[" + i + "]", device, format, label, uuid, List.of(), wipe);
  }

  @Test
  void partitionsAndFormatsThenARerunChangesNoByte() throws Exception {
    Path img = image(256);
    var d = disk(PartitionSpec.of(1, "EFI").withSizeMiB(32).withTypeGuid(GptCodecTest.ESP),
        PartitionSpec.of(2, "data").withSizeMiB(0));
    var fss = List.of(fs(0, "/dev/disk/by-partlabel/EFI", "vfat", "EFI", "1234-ABCD", false),
        fs(1, "/dev/vda2", "ext4", "data", EXT4_UUID, false));
    DiskPlan plan = stage(img).plan(List.of(d), fss);
    assertThat(plan.lines()).contains("/dev/vda: write the GPT (2 partitions)",
        "/dev/disk/by-partlabel/EFI: format as vfat label \"EFI\" uuid 1234-ABCD",
        "/dev/vda2: format as ext4 label \"data\" uuid " + EXT4_UUID);
    assertThat(Files.size(img)).isEqualTo(256L << 20);
    assertThat(stage(img).apply(plan)).isEqualTo(3);

    Sfdisk.Table t = Sfdisk.read(img);
    assertThat(t.partitions()).hasSize(2);
    assertThat(t.partitions().get(0).name()).isEqualTo("EFI");
    assertThat(t.partitions().get(1).start()).isEqualTo(33 * 2048);
    assertThat(t.partitions().get(1).size()).isEqualTo(256 * 2048 - 34 - 33 * 2048 + 1);
    Map<String, String> esp = Blkid.probe(img, t.partitions().get(0));
    assertThat(esp).containsEntry("TYPE", "vfat").containsEntry("LABEL", "EFI").containsEntry("UUID", "1234-ABCD");
    Map<String, String> data = Blkid.probe(img, t.partitions().get(1));
    assertThat(data).containsEntry("TYPE", "ext4").containsEntry("LABEL", "data").containsEntry("UUID", EXT4_UUID);
    assertThat(events).anyMatch(e -> e.startsWith("started /dev/vda2: format as ext4"));
    assertThat(events).anyMatch(e -> e.startsWith("finished running mkfs.ext4 -F -q -L data -U " + EXT4_UUID));

    byte[] before = Files.readAllBytes(img);
    DiskPlan again = stage(img).plan(List.of(d), fss);
    assertThat(again.lines()).contains("/dev/vda: partition table unchanged", "/dev/vda: keep partition 1 \"EFI\""
        + " start 2048 size 65536 sectors type " + GptCodecTest.ESP + " guid " + t.partitions().get(0).uuid());
    assertThat(again.actions()).noneMatch(DiskAction::writes);
    assertThat(stage(img).apply(again)).isZero();
    assertThat(Files.readAllBytes(img)).isEqualTo(before);
  }

  @Test
  void anotherFilesystemIsKeptOnlyWithWipeFilesystem() throws Exception {
    Path img = image(128);
    var d = disk(PartitionSpec.of(1, "one").withSizeMiB(0));
    stage(img).apply(stage(img).plan(List.of(d), List.of(fs(0, "/dev/vda1", "ext4", "one", null, false))));
    DiskPlan byLabel = stage(img).plan(List.of(d), List.of(fs(0, "/dev/disk/by-label/one", "ext4", null, null,
        false)));
    assertThat(byLabel.actions().get(1)).isInstanceOfSatisfying(DiskAction.KeepFilesystem.class,
        k -> assertThat(k.target()).isInstanceOfSatisfying(Target.ImagePartition.class,
            p -> assertThat(p.number()).isEqualTo(1)));
    assertThatThrownBy(() -> stage(img).plan(List.of(d), List.of(fs(0, "/dev/vda1", "vfat", null, null, false))))
        .isInstanceOf(DiskException.class)
        .hasMessageContaining("storage.filesystems[0] /dev/vda1: found ext4 label \"one\"")
        .hasMessageContaining("wipeFilesystem is false");
    assertThatThrownBy(() -> stage(img).plan(List.of(d), List.of(fs(0, "/dev/vda1", "ext4", "two", null, false))))
        .hasMessageContaining("not the configured ext4 label \"two\"");
    stage(img).apply(stage(img).plan(List.of(d), List.of(fs(0, "/dev/vda1", "swap", "sw", null, true))));
    Map<String, String> tags = Blkid.probe(img, Sfdisk.read(img).partitions().get(0));
    assertThat(tags).containsEntry("TYPE", "swap").containsEntry("LABEL", "sw");
  }

  @Test
  void aWholeImageCanBeFormatted() throws Exception {
    Path img = image(64);
    var st = stage(img);
    st.apply(st.plan(List.of(), List.of(fs(0, "/dev/vda", "ext4", "whole", null, false))));
    assertThat(Blkid.probe(img, 0, 64L << 20)).containsEntry("TYPE", "ext4").containsEntry("LABEL", "whole");
  }

  @Test
  void unknownDevicesAndFormatsFailClearly() throws Exception {
    Path img = image(64);
    assertThatThrownBy(() -> stage(img).plan(List.of(), List.of(fs(3, "/dev/nope", "ext4", null, null, true))))
        .hasMessage("storage.filesystems[3]: device /dev/nope does not exist");
    assertThatThrownBy(() -> stage(img).plan(List.of(), List.of(fs(0, "/dev/vda", "zfs", null, null, true))))
        .hasMessageContaining("unsupported filesystem format \"zfs\"");
    assertThatThrownBy(() -> stage(img).plan(List.of(disk(PartitionSpec.of(1, "a"))),
        List.of(fs(0, "/dev/vda2", "ext4", null, null, true)))).hasMessageContaining("will have no partition 2");
  }

  @Test
  void btrfsAndXfsWithOptionsAndFormatNoneWipes() throws Exception {
    Path img = image(512);
    var d = disk(PartitionSpec.of(1, "b").withSizeMiB(200), PartitionSpec.of(2, "x").withSizeMiB(0));
    var st = stage(img);
    st.apply(st.plan(List.of(d), List.of(
        new FilesystemSpec("storage.filesystems[0]", "/dev/vda1", "btrfs", "bt", "0b5e8c3a-6f1d-4c2b-9a8e-7d6c5b4a3f2e",
            List.of("--nodesize", "16384"), false),
        new FilesystemSpec("storage.filesystems[1]", "/dev/vda2", "xfs", "xf", null, List.of("-b", "size=4096"),
            false))));
    Sfdisk.Table t = Sfdisk.read(img);
    assertThat(Blkid.probe(img, t.partitions().get(0))).containsEntry("TYPE", "btrfs").containsEntry("LABEL", "bt")
        .containsEntry("UUID", "0b5e8c3a-6f1d-4c2b-9a8e-7d6c5b4a3f2e");
    assertThat(Blkid.probe(img, t.partitions().get(1))).containsEntry("TYPE", "xfs").containsEntry("LABEL", "xf");

    DiskPlan wipe = stage(img).plan(List.of(d), List.of(fs(0, "/dev/vda1", "none", null, null, true)));
    assertThat(wipe.lines()).contains("/dev/vda1: erase btrfs label \"bt\" uuid 0b5e8c3a-6f1d-4c2b-9a8e-7d6c5b4a3f2e");
    stage(img).apply(wipe);
    assertThat(Blkid.probe(img, t.partitions().get(0))).isEmpty();
    assertThat(Blkid.probe(img, t.partitions().get(1))).containsEntry("TYPE", "xfs");
  }

  @Test
  void aMatchingTableFromSfdiskIsLeftAloneAndAGrownImageGetsItsBackupMoved() throws Exception {
    Path img = image(64);
    Process p = new ProcessBuilder("sfdisk", "-q", img.toString()).redirectErrorStream(true).start();
    p.getOutputStream().write("label: gpt\nstart=2048, size=8192, name=\"a\"\n".getBytes());
    p.getOutputStream().close();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).isZero();
    byte[] before = Files.readAllBytes(img);
    var d = disk(PartitionSpec.of(1, "a").withSizeMiB(4));
    DiskPlan plan = stage(img).plan(List.of(d), List.of());
    assertThat(plan.lines()).contains("/dev/vda: partition table unchanged");
    stage(img).apply(plan);
    assertThat(Files.readAllBytes(img)).isEqualTo(before);

    try (var raf = new RandomAccessFile(img.toFile(), "rw")) {
      raf.setLength(96L << 20);
    }
    DiskPlan grown = stage(img).plan(List.of(d), List.of());
    assertThat(grown.lines()).contains("/dev/vda: write the GPT (1 partition)");
    stage(img).apply(grown);
    Sfdisk.Table t = Sfdisk.read(img);
    assertThat(t.lastLba()).isEqualTo(96L * 2048 - 34);
    assertThat(t.partitions()).singleElement().satisfies(x -> assertThat(x.size()).isEqualTo(8192));
  }
}
