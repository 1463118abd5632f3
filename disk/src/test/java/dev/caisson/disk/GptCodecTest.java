package dev.caisson.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GptCodecTest {
  static final Guid ESP = Guid.parse("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
  static final long SECTORS = 64L * 2048; // 64 MiB

  @TempDir Path tmp;

  static GptTable sample() {
    var r = new Random(7);
    return new GptTable(Guid.random(r), 512, SECTORS, List.of(
        new PartitionEntry(1, ESP, Guid.parse("11111111-2222-4333-8444-555555555555"), 2048, 2048 + 8 * 2048 - 1, 0,
            "EFI-SYSTEM"),
        new PartitionEntry(3, Guid.LINUX_FILESYSTEM, Guid.random(r), 20 * 2048, SECTORS - 34, 1L << 60,
            "røøt ü 36 chars long, exactly...!!!")));
  }

  private Disk image(GptTable t) throws Exception {
    Path img = tmp.resolve("disk.img");
    try (var raf = new RandomAccessFile(img.toFile(), "rw")) {
      raf.setLength(t.totalSectors() * 512);
    }
    Disk d = Disk.open(img, new ProcessCommands());
    d.writeTable(new GptCodec().encode(t, null));
    return d;
  }

  @Test
  void roundTripsThroughTheDisk() throws Exception {
    GptTable t = sample();
    assertThat(t.entries().get(1).name()).hasSize(35);
    assertThat(image(t).readTable()).contains(t);
  }

  @Test
  void guidsAreMixedEndianOnDisk() {
    byte[] b = new byte[16];
    Guid.parse("C12A7328-F81F-11D2-BA4B-00A0C93EC93B").toDisk(b, 0);
    assertThat(b).startsWith(0x28, 0x73, 0x2A, 0xC1, 0x1F, 0xF8, 0xD2, 0x11, 0xBA, 0x4B, 0x00, 0xA0);
    assertThat(Guid.fromDisk(b, 0)).isEqualTo(ESP);
  }

  @Test
  void headerAndArrayCrcsAreRight() {
    GptCodec.Regions r = new GptCodec().encode(sample(), null);
    byte[] h = Arrays.copyOfRange(r.head(), 512, 512 + 92);
    int stored = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).getInt(16);
    Arrays.fill(h, 16, 20, (byte) 0);
    var crc = new CRC32();
    crc.update(h);
    assertThat(stored).isEqualTo((int) crc.getValue());
    var arrayCrc = new CRC32();
    arrayCrc.update(r.head(), 1024, 128 * 128);
    assertThat(ByteBuffer.wrap(r.head(), 512, 92).order(ByteOrder.LITTLE_ENDIAN).getInt(512 + 88))
        .isEqualTo((int) arrayCrc.getValue());
    assertThat(r.head()[510] & 0xff).isEqualTo(0x55);
    assertThat(r.head()[446 + 4] & 0xff).isEqualTo(0xEE);
  }

  @Test
  void backupHeaderMirrorsThePrimary() {
    GptCodec.Regions r = new GptCodec().encode(sample(), null);
    ByteBuffer p = ByteBuffer.wrap(r.head(), 512, 92).slice().order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer b = ByteBuffer.wrap(r.tail(), r.tail().length - 512, 92).slice().order(ByteOrder.LITTLE_ENDIAN);
    assertThat(p.getLong(24)).isEqualTo(1);
    assertThat(p.getLong(32)).isEqualTo(SECTORS - 1);
    assertThat(b.getLong(24)).isEqualTo(SECTORS - 1);
    assertThat(b.getLong(32)).isEqualTo(1);
    assertThat(p.getLong(72)).isEqualTo(2);
    assertThat(b.getLong(72)).isEqualTo(SECTORS - 33);
    for (int off : new int[] {40, 48, 56, 64}) {
      assertThat(b.getLong(off)).as("header byte %d", off).isEqualTo(p.getLong(off));
    }
    for (int off : new int[] {8, 12, 80, 84, 88}) {
      assertThat(b.getInt(off)).as("header byte %d", off).isEqualTo(p.getInt(off));
    }
    assertThat(Arrays.copyOfRange(r.tail(), 0, 128 * 128)).isEqualTo(Arrays.copyOfRange(r.head(), 1024,
        1024 + 128 * 128));
  }

  @Test
  void aCorruptPrimaryFallsBackToTheBackupAndBothCorruptFails() throws Exception {
    GptTable t = sample();
    Disk d = image(t);
    try (var raf = new RandomAccessFile(d.path().toFile(), "rw")) {
      raf.seek(512 + 60);
      raf.write(0x42);
    }
    assertThat(d.readTable()).contains(t);
    try (var raf = new RandomAccessFile(d.path().toFile(), "rw")) {
      raf.seek(SECTORS * 512 - 512 + 60);
      raf.write(0x42);
    }
    assertThatThrownBy(d::readTable).isInstanceOf(DiskException.class).hasMessageContaining("corrupt")
        .hasMessageContaining("wipeTable");
  }

  @Test
  void aBlankDiskHasNoTable() throws Exception {
    Path img = tmp.resolve("blank.img");
    try (var raf = new RandomAccessFile(img.toFile(), "rw")) {
      raf.setLength(SECTORS * 512);
    }
    assertThat(Disk.open(img, new ProcessCommands()).readTable()).isEmpty();
  }

  @Test
  void sfdiskReadsWhatWeWrite() throws Exception {
    GptTable t = sample();
    Disk d = image(t);
    Sfdisk.Table s = Sfdisk.read(d.path());
    assertThat(s.label()).isEqualTo("gpt");
    assertThat(s.id()).isEqualTo(t.diskGuid().toString());
    assertThat(s.firstLba()).isEqualTo(34);
    assertThat(s.lastLba()).isEqualTo(SECTORS - 34);
    assertThat(s.partitions()).hasSize(2);
    Sfdisk.Part esp = s.partitions().get(0);
    assertThat(esp.node()).endsWith("1");
    assertThat(esp.start()).isEqualTo(2048);
    assertThat(esp.size()).isEqualTo(8 * 2048);
    assertThat(esp.type()).isEqualTo(ESP.toString());
    assertThat(esp.uuid()).isEqualTo("11111111-2222-4333-8444-555555555555");
    assertThat(esp.name()).isEqualTo("EFI-SYSTEM");
    Sfdisk.Part root = s.partitions().get(1);
    assertThat(root.node()).endsWith("3");
    assertThat(root.start()).isEqualTo(20 * 2048);
    assertThat(root.size()).isEqualTo(SECTORS - 34 - 20 * 2048 + 1);
    assertThat(root.type()).isEqualTo(Guid.LINUX_FILESYSTEM.toString());
    assertThat(root.uuid()).isEqualTo(t.entries().get(1).guid().toString());
  }

  @Test
  void weReadWhatSfdiskWrites() throws Exception {
    Path img = tmp.resolve("sf.img");
    try (var raf = new RandomAccessFile(img.toFile(), "rw")) {
      raf.setLength(SECTORS * 512);
    }
    Process p = new ProcessBuilder("sfdisk", "-q", img.toString()).redirectErrorStream(true).start();
    p.getOutputStream().write(("label: gpt\nstart=2048, size=4096, type=" + ESP + ", name=\"esp\"\n"
        + "start=8192, type=" + Guid.LINUX_FILESYSTEM + ", name=\"root\"\n").getBytes());
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    GptTable t = Disk.open(img, new ProcessCommands()).readTable().orElseThrow();
    assertThat(t.entries()).extracting(PartitionEntry::number, PartitionEntry::name, PartitionEntry::firstLba)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "esp", 2048L),
            org.assertj.core.groups.Tuple.tuple(2, "root", 8192L));
    Sfdisk.Part root = Sfdisk.read(img).partitions().get(1);
    assertThat(t.entries().get(1).lastLba()).isEqualTo(root.start() + root.size() - 1);
    assertThat(t.entries().get(1).guid().toString()).isEqualTo(root.uuid());
  }
}
