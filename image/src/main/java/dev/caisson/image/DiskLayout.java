package dev.caisson.image;

import dev.caisson.disk.GptTable;
import dev.caisson.disk.Guid;
import dev.caisson.disk.PartitionEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Where things go on the disk: a GPT with the EFI system partition at 1 MiB (256 MiB) and the
 * root partition after it up to the last whole MiB before the backup table. The GUIDs are derived
 * from a seed (the commit), so the same commit gives the same disk.
 */
public record DiskLayout(GptTable table, UUID rootFsUuid) {
  public static final int SECTOR = 512;
  public static final long MIB = 1L << 20;
  public static final int ESP_MIB = 256;
  /** ESP at 1 MiB plus at least 256 MiB of root. */
  public static final long MIN_BYTES = (2L + ESP_MIB + 256) * MIB;
  /** The UEFI ESP type. */
  public static final Guid ESP_TYPE = Guid.parse("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
  /** The Discoverable Partitions Specification's root partition type for x86-64. */
  public static final Guid ROOT_X86_64_TYPE = Guid.parse("4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709");

  public static DiskLayout plan(long sizeBytes, String seed) {
    long total = sizeBytes / SECTOR;
    GptTable empty = GptTable.empty(guid(seed, "disk"), SECTOR, total);
    long spm = empty.sectorsPerMiB();
    long espFirst = spm;
    long espLast = espFirst + ESP_MIB * spm - 1;
    long rootFirst = espLast + 1;
    long rootLast = (empty.lastUsable() + 1) / spm * spm - 1;
    var esp = new PartitionEntry(1, ESP_TYPE, guid(seed, "esp"), espFirst, espLast, 0, ImageSpec.ESP_LABEL);
    var root = new PartitionEntry(2, ROOT_X86_64_TYPE, guid(seed, "root"), rootFirst, rootLast, 0,
        ImageSpec.ROOT_LABEL);
    return new DiskLayout(new GptTable(empty.diskGuid(), SECTOR, total, List.of(esp, root)), uuid(seed, "rootfs"));
  }

  public PartitionEntry esp() {
    return table.entry(1).orElseThrow();
  }

  public PartitionEntry root() {
    return table.entry(2).orElseThrow();
  }

  public long espOffset() {
    return esp().firstLba() * SECTOR;
  }

  public long espBytes() {
    return esp().sectors() * SECTOR;
  }

  public long rootOffset() {
    return root().firstLba() * SECTOR;
  }

  public long rootBytes() {
    return root().sectors() * SECTOR;
  }

  public long diskBytes() {
    return table.totalSectors() * SECTOR;
  }

  private static UUID uuid(String seed, String what) {
    return UUID.nameUUIDFromBytes((what + ":" + seed).getBytes(StandardCharsets.UTF_8));
  }

  private static Guid guid(String seed, String what) {
    return new Guid(uuid(seed, what));
  }
}
