package dev.caisson.cli;

import static dev.caisson.cli.BinCaissonIT.caisson;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/caisson provision --stage disks} on an image file given through {@code --device-map}. */
class DiskProvisionIT {
  @TempDir Path tmp;

  @Test
  void dryRunThenPartitionAndFormatAnImage() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path img = tmp.resolve("disk.img");
    try (var raf = new RandomAccessFile(img.toFile(), "rw")) {
      raf.setLength(128L << 20);
    }
    Path cfg = tmp.resolve("disks.ign");
    Files.writeString(cfg, "{\"ignition\":{\"version\":\"3.3.0\"},\"storage\":{\"disks\":[{\"device\":\"/dev/vda\","
        + "\"partitions\":[{\"label\":\"ESP\",\"sizeMiB\":32,\"typeGuid\":\"C12A7328-F81F-11D2-BA4B-00A0C93EC93B\"},"
        + "{\"label\":\"root\",\"sizeMiB\":0}]}],\"filesystems\":[{\"device\":\"/dev/disk/by-partlabel/ESP\","
        + "\"format\":\"vfat\",\"label\":\"ESP\"},{\"device\":\"/dev/vda2\",\"format\":\"ext4\",\"label\":\"root\"}]}}");
    String[] common = {"provision", "--root", root.toString(), "--config", cfg.toString(), "--platform", "file",
        "--stage", "disks", "--device-map", "/dev/vda=" + img, "--base-dir", tmp.resolve("none").toString()};

    var dry = caisson(concat(common, "--dry-run"));
    assertThat(dry.exitCode()).as(dry.stderr()).isZero();
    assertThat(dry.stdout()).contains("/dev/vda: create partition 1 \"ESP\" start 2048 size 65536 sectors")
        .contains("/dev/vda: write the GPT (2 partitions)")
        .contains("/dev/vda2: format as ext4 label \"root\"");
    assertThat(sfdisk(img).exitCode).isNotZero(); // still no table

    var run = caisson(common);
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("3 operations");
    assertThat(run.stderr()).contains("disks: op: [started]  /dev/vda: create partition 1 \"ESP\"")
        .contains("disks: op: [finished] running mkfs.vfat -n ESP ");
    var table = sfdisk(img);
    assertThat(table.exitCode).isZero();
    assertThat(table.out).contains("\"name\": \"ESP\"").contains("\"name\": \"root\"")
        .contains("\"type\": \"C12A7328-F81F-11D2-BA4B-00A0C93EC93B\"");

    var again = caisson(common);
    assertThat(again.exitCode()).as(again.stderr()).isZero();
    assertThat(again.stdout()).contains("0 operations");
    assertThat(again.stderr()).contains("keep the existing ext4 label \"root\"");

    var noConfig = caisson("provision", "--root", root.toString(), "--platform", "file");
    assertThat(noConfig.exitCode()).isNotZero();
    assertThat(noConfig.stderr()).contains("--platform file needs --config").doesNotContain("\tat ");
  }

  private record Out(int exitCode, String out) {}

  private static Out sfdisk(Path img) throws Exception {
    Process p = new ProcessBuilder("sfdisk", "--json", img.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Out(p.waitFor(), out);
  }

  private static String[] concat(String[] a, String b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = b;
    return out;
  }
}
