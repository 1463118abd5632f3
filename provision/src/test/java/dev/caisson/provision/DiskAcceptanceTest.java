package dev.caisson.provision;

import static dev.caisson.provision.DifferentialConfigs.cfg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caisson.provision.fetch.FetchOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, acceptance point 3: partition and format a sparse 2 GiB image from a config through
 * {@code --stage disks}, checked with sfdisk and blkid; the dry run lists exactly what the run does;
 * a re-run changes no byte.
 */
class DiskAcceptanceTest {
  static final String ESP = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B";
  static final String SWAP = "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F";
  static final String LINUX = "0FC63DAF-8483-4772-8E79-3D69D8477DE4";
  static final String XFS_UUID = "3c1c4f0e-5a8b-4d2e-9f3a-7b6c5d4e3f21";
  static final String EXT4_UUID = "9e8d7c6b-5a49-4382-a716-253443526170";
  static final String SWAP_UUID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

  static final String CONFIG = cfg("3.3.0", "\"storage\":{\"disks\":[{\"device\":\"/dev/vda\",\"wipeTable\":false,"
      + "\"partitions\":["
      + "{\"number\":1,\"label\":\"EFI-SYSTEM\",\"sizeMiB\":128,\"typeGuid\":\"" + ESP + "\","
      + "\"guid\":\"11111111-1111-4111-8111-111111111111\"},"
      + "{\"number\":2,\"label\":\"boot\",\"sizeMiB\":384,\"guid\":\"22222222-2222-4222-8222-222222222222\"},"
      + "{\"number\":3,\"label\":\"swap\",\"sizeMiB\":256,\"typeGuid\":\"" + SWAP.toLowerCase() + "\","
      + "\"guid\":\"33333333-3333-4333-8333-333333333333\"},"
      + "{\"label\":\"root\",\"sizeMiB\":0,\"guid\":\"44444444-4444-4444-8444-444444444444\"}]}],"
      + "\"filesystems\":["
      + "{\"device\":\"/dev/disk/by-partlabel/EFI-SYSTEM\",\"format\":\"vfat\",\"label\":\"EFI\",\"uuid\":\"7A3B-12CD\"},"
      + "{\"device\":\"/dev/vda2\",\"format\":\"ext4\",\"label\":\"boot\",\"uuid\":\"" + EXT4_UUID + "\","
      + "\"options\":[\"-m\",\"0\"]},"
      + "{\"device\":\"/dev/vda3\",\"format\":\"swap\",\"label\":\"swap\",\"uuid\":\"" + SWAP_UUID + "\"},"
      + "{\"device\":\"/dev/disk/by-partlabel/root\",\"format\":\"xfs\",\"label\":\"root\",\"uuid\":\"" + XFS_UUID
      + "\",\"wipeFilesystem\":false,\"path\":\"/sysroot\"}]}");

  @TempDir Path tmp;

  private Provisioner engine() {
    return new Provisioner(Clock.systemUTC(), FetchOptions.defaults(), ProvisionListener.NONE);
  }

  private ProvisionRequest request(Path root, Path image, String config) throws Exception {
    Path cfg = tmp.resolve("c" + config.hashCode() + ".ign");
    Files.writeString(cfg, config);
    return ProvisionRequest.of(root, cfg.toString()).withSources(tmp.resolve("nofw"), tmp.resolve("nocmdline"),
        tmp.resolve("nobase")).withStage(Stage.DISKS).withDeviceMap(Map.of("/dev/vda", image));
  }

  @Test
  void partitionsAndFormatsASparseTwoGibImage() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path image = DiskTools.sparseImage(tmp.resolve("disk.img"), 2L << 30);
    String blank = DiskTools.sha256(image);

    Outcome dry = engine().run(request(root, image, CONFIG).withDryRun(true));
    assertThat(DiskTools.sha256(image)).isEqualTo(blank);
    assertThat(dry.plan()).contains("/dev/vda: write the GPT (4 partitions)",
        "/dev/vda: create partition 4 \"root\" start 1574912 size 2619359 sectors type " + LINUX
            + " guid 44444444-4444-4444-8444-444444444444",
        "/dev/disk/by-partlabel/root: format as xfs label \"root\" uuid " + XFS_UUID,
        "/dev/vda2: format as ext4 label \"boot\" uuid " + EXT4_UUID + " options -m 0");

    Outcome run = engine().run(request(root, image, CONFIG));
    assertThat(run.plan()).isEqualTo(dry.plan());
    assertThat(run.applied()).isEqualTo(5); // the table and four filesystems
    assertThat(Files.size(image)).isEqualTo(2L << 30);

    List<DiskTools.Part> parts = DiskTools.sfdisk(image);
    assertThat(parts).extracting(DiskTools.Part::start, DiskTools.Part::size, DiskTools.Part::type,
        DiskTools.Part::name).containsExactly(
            org.assertj.core.groups.Tuple.tuple(2048L, 128L * 2048, ESP, "EFI-SYSTEM"),
            org.assertj.core.groups.Tuple.tuple(129L * 2048, 384L * 2048, LINUX, "boot"),
            org.assertj.core.groups.Tuple.tuple(513L * 2048, 256L * 2048, SWAP, "swap"),
            org.assertj.core.groups.Tuple.tuple(769L * 2048, (2048L * 2048 - 34) - 769L * 2048 + 1, LINUX, "root"));
    assertThat(parts.get(3).uuid()).isEqualTo("44444444-4444-4444-8444-444444444444");
    assertThat(DiskTools.blkid(image, parts.get(0))).containsEntry("TYPE", "vfat").containsEntry("LABEL", "EFI")
        .containsEntry("UUID", "7A3B-12CD");
    assertThat(DiskTools.blkid(image, parts.get(1))).containsEntry("TYPE", "ext4").containsEntry("LABEL", "boot")
        .containsEntry("UUID", EXT4_UUID);
    assertThat(DiskTools.blkid(image, parts.get(2))).containsEntry("TYPE", "swap").containsEntry("LABEL", "swap")
        .containsEntry("UUID", SWAP_UUID);
    assertThat(DiskTools.blkid(image, parts.get(3))).containsEntry("TYPE", "xfs").containsEntry("LABEL", "root")
        .containsEntry("UUID", XFS_UUID);
    assertThat(root.resolve(Provisioner.RESULT)).content().contains("\"stage\" : \"disks\"")
        .contains("\"status\" : \"ok\"");

    String first = DiskTools.sha256(image);
    Outcome again = engine().run(request(root, image, CONFIG));
    assertThat(again.applied()).isZero();
    assertThat(again.plan()).contains("/dev/vda: partition table unchanged",
        "/dev/disk/by-partlabel/root: keep the existing xfs label \"root\" uuid " + XFS_UUID);
    assertThat(DiskTools.sha256(image)).isEqualTo(first);
  }

  @Test
  void aMismatchedPartitionFailsNamingTheEntryAndChangesNothing() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path image = DiskTools.sparseImage(tmp.resolve("disk.img"), 64L << 20);
    String two = cfg("3.3.0", "\"storage\":{\"disks\":[{\"device\":\"/dev/vda\",\"partitions\":["
        + "{\"number\":1,\"label\":\"a\",\"sizeMiB\":8},{\"number\":2,\"label\":\"b\",\"sizeMiB\":8}]}]}");
    engine().run(request(root, image, two));
    String before = DiskTools.sha256(image);
    String bigger = two.replace("\"label\":\"b\",\"sizeMiB\":8", "\"label\":\"b\",\"sizeMiB\":16");
    assertThatThrownBy(() -> engine().run(request(root, image, bigger))).isInstanceOf(ProvisionException.class)
        .hasMessageStartingWith("storage.disks[0].partitions[1]: partition 2 on /dev/vda does not match the config:"
            + " size did not match (specified 32768 sectors, got 16384)");
    assertThat(DiskTools.sha256(image)).isEqualTo(before);

    String resized = bigger.replace("\"sizeMiB\":16", "\"sizeMiB\":16,\"resize\":true");
    engine().run(request(root, image, resized));
    assertThat(DiskTools.sfdisk(image).get(1).size()).isEqualTo(16L * 2048);
  }

  @Test
  void shouldExistFalseAndWipeTable() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path image = DiskTools.sparseImage(tmp.resolve("disk.img"), 64L << 20);
    engine().run(request(root, image, cfg("3.3.0", "\"storage\":{\"disks\":[{\"device\":\"/dev/vda\",\"partitions\":["
        + "{\"number\":1,\"label\":\"a\",\"sizeMiB\":8},{\"number\":2,\"label\":\"b\",\"sizeMiB\":8}]}]}")));
    engine().run(request(root, image, cfg("3.3.0", "\"storage\":{\"disks\":[{\"device\":\"/dev/vda\",\"partitions\":["
        + "{\"number\":1,\"shouldExist\":false,\"wipePartitionEntry\":true}]}]}")));
    assertThat(DiskTools.sfdisk(image)).extracting(DiskTools.Part::name).containsExactly("b");
    engine().run(request(root, image, cfg("3.3.0", "\"storage\":{\"disks\":[{\"device\":\"/dev/vda\","
        + "\"wipeTable\":true,\"partitions\":[{\"label\":\"only\",\"startMiB\":4,\"sizeMiB\":0}]}]}")));
    assertThat(DiskTools.sfdisk(image)).extracting(DiskTools.Part::name, DiskTools.Part::start)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("only", 4L * 2048));
  }
}
