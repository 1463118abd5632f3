package dev.caisson.disk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * GPT's on-disk form (UEFI 2.x chapter 5): protective MBR in LBA 0, primary header in LBA 1 and
 * the entry array from LBA 2; the backup array just before the last sector and the backup header
 * in it. Both headers carry the CRC32 of the header and of the array.
 */
public final class GptCodec {
  static final byte[] SIGNATURE = "EFI PART".getBytes(StandardCharsets.US_ASCII);
  static final int HEADER_SIZE = 92;
  static final int REVISION = 0x00010000;

  /** The bytes of the start and of the end of a disk that hold a table. */
  public record Regions(byte[] head, byte[] tail) {}

  /** How many bytes at the start of the disk the table occupies (MBR, header, array). */
  public static int headBytes(int sectorSize) {
    return (int) GptTable.firstUsable(sectorSize) * sectorSize;
  }

  /** How many bytes at the end of the disk the backup occupies (array, header). */
  public static int tailBytes(int sectorSize) {
    return (GptTable.arraySectors(sectorSize) + 1) * sectorSize;
  }

  /**
   * Encodes {@code table}. The boot code and disk signature of {@code oldHead}'s MBR (bytes 0..439)
   * are kept when given; the rest of LBA 0 is a protective MBR.
   */
  public Regions encode(GptTable t, byte[] oldHead) {
    int ss = t.sectorSize();
    byte[] array = new byte[GptTable.arraySectors(ss) * ss];
    for (PartitionEntry e : t.entries()) {
      int off = (e.number() - 1) * GptTable.ENTRY_SIZE;
      e.type().toDisk(array, off);
      e.guid().toDisk(array, off + 16);
      ByteBuffer b = ByteBuffer.wrap(array, off + 32, 24).order(ByteOrder.LITTLE_ENDIAN);
      b.putLong(e.firstLba()).putLong(e.lastLba()).putLong(e.attributes());
      byte[] name = e.name().getBytes(StandardCharsets.UTF_16LE);
      System.arraycopy(name, 0, array, off + 56, name.length);
    }
    long arrayCrc = crc(array, 0, GptTable.ENTRIES * GptTable.ENTRY_SIZE);
    long last = t.totalSectors() - 1;
    long backupArray = last - GptTable.arraySectors(ss);
    byte[] head = new byte[headBytes(ss)];
    protectiveMbr(head, oldHead, t.totalSectors());
    header(head, ss, t, 1, last, 2, arrayCrc);
    System.arraycopy(array, 0, head, 2 * ss, array.length);
    byte[] tail = new byte[tailBytes(ss)];
    System.arraycopy(array, 0, tail, 0, array.length);
    header(tail, array.length, t, last, 1, backupArray, arrayCrc);
    return new Regions(head, tail);
  }

  private static void protectiveMbr(byte[] head, byte[] oldHead, long totalSectors) {
    if (oldHead != null && oldHead.length >= 446) {
      System.arraycopy(oldHead, 0, head, 0, 440);
    }
    int p = 446;
    head[p + 1] = 0x00;
    head[p + 2] = 0x02;
    head[p + 3] = 0x00;
    head[p + 4] = (byte) 0xEE;
    head[p + 5] = (byte) 0xFF;
    head[p + 6] = (byte) 0xFF;
    head[p + 7] = (byte) 0xFF;
    ByteBuffer.wrap(head, p + 8, 8).order(ByteOrder.LITTLE_ENDIAN).putInt(1)
        .putInt((int) Math.min(totalSectors - 1, 0xFFFFFFFFL));
    head[510] = 0x55;
    head[511] = (byte) 0xAA;
  }

  private static void header(byte[] buf, int off, GptTable t, long my, long alternate, long arrayLba,
      long arrayCrc) {
    ByteBuffer b = ByteBuffer.wrap(buf, off, HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    b.put(SIGNATURE).putInt(REVISION).putInt(HEADER_SIZE).putInt(0).putInt(0);
    b.putLong(my).putLong(alternate).putLong(t.firstUsable()).putLong(t.lastUsable());
    t.diskGuid().toDisk(buf, off + 56);
    b.position(off + 72);
    b.putLong(arrayLba).putInt(GptTable.ENTRIES).putInt(GptTable.ENTRY_SIZE).putInt((int) arrayCrc);
    ByteBuffer.wrap(buf, off + 16, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc(buf, off, HEADER_SIZE));
  }

  static long crc(byte[] b, int off, int len) {
    CRC32 c = new CRC32();
    c.update(b, off, len);
    return c.getValue();
  }

  /**
   * Decodes the table from the disk's first and last bytes: the primary when it is valid, else the
   * backup. Empty when the disk has no GPT and no MBR partitions.
   *
   * @throws DiskException when a GPT signature is present but neither copy is valid, or the disk
   *     holds an MBR (DOS) partition table
   */
  public Optional<GptTable> decode(String device, byte[] head, byte[] tail, int ss, long totalSectors)
      throws DiskException {
    Optional<GptTable> primary = parse(head, ss, ss, head, 2 * ss, 1, totalSectors);
    if (primary.isPresent()) {
      return primary;
    }
    int tailHeader = tail.length - ss;
    Optional<GptTable> backup = parse(tail, tailHeader, ss, tail, 0, totalSectors - 1, totalSectors);
    if (backup.isPresent()) {
      return backup;
    }
    if (hasSignature(head, ss) || hasSignature(tail, tailHeader)) {
      throw new DiskException(device + ": the GPT is corrupt (bad CRC in both headers); set wipeTable to replace it");
    }
    if ((head[510] & 0xff) == 0x55 && (head[511] & 0xff) == 0xAA) {
      for (int p = 446; p < 510; p += 16) {
        int type = head[p + 4] & 0xff;
        if (type != 0 && type != 0xEE) {
          throw new DiskException(device + " has an MBR (DOS) partition table; set wipeTable to replace it with GPT");
        }
      }
    }
    return Optional.empty();
  }

  /** Whether both the primary and the backup are valid where this disk's geometry puts them. */
  public boolean bothCopiesValid(byte[] head, byte[] tail, int ss, long totalSectors) {
    return parse(head, ss, ss, head, 2 * ss, 1, totalSectors).isPresent()
        && parse(tail, tail.length - ss, ss, tail, 0, totalSectors - 1, totalSectors).isPresent();
  }

  private static boolean hasSignature(byte[] b, int off) {
    return Arrays.equals(b, off, off + 8, SIGNATURE, 0, 8);
  }

  private static Optional<GptTable> parse(byte[] hb, int off, int ss, byte[] ab, int arrayOff, long expectMy,
      long total) {
    if (!hasSignature(hb, off)) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(hb, off, HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    int size = b.getInt(off + 12);
    if (size < HEADER_SIZE || size > ss) {
      return Optional.empty();
    }
    byte[] copy = Arrays.copyOfRange(hb, off, off + size);
    int stored = ByteBuffer.wrap(copy, 16, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    Arrays.fill(copy, 16, 20, (byte) 0);
    if ((int) crc(copy, 0, size) != stored || b.getLong(off + 24) != expectMy) {
      return Optional.empty();
    }
    int count = b.getInt(off + 80);
    int entrySize = b.getInt(off + 84);
    if (count != GptTable.ENTRIES || entrySize != GptTable.ENTRY_SIZE) {
      return Optional.empty(); // other layouts are valid GPT, but not what this codec writes
    }
    if ((int) crc(ab, arrayOff, count * entrySize) != b.getInt(off + 88)) {
      return Optional.empty();
    }
    Guid disk = Guid.fromDisk(hb, off + 56);
    List<PartitionEntry> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int e = arrayOff + i * entrySize;
      Guid type = Guid.fromDisk(ab, e);
      if (type.isZero()) {
        continue;
      }
      ByteBuffer eb = ByteBuffer.wrap(ab, e + 32, 24).order(ByteOrder.LITTLE_ENDIAN);
      long first = eb.getLong();
      long last = eb.getLong();
      long attrs = eb.getLong();
      String name = new String(ab, e + 56, 72, StandardCharsets.UTF_16LE);
      int nul = name.indexOf('\0');
      entries.add(new PartitionEntry(i + 1, type, Guid.fromDisk(ab, e + 16), first, last, attrs,
          nul < 0 ? name : name.substring(0, nul)));
    }
    try {
      return Optional.of(new GptTable(disk, ss, total, entries));
    } catch (IllegalArgumentException ex) {
      return Optional.empty(); // entries outside this disk's usable range: not a table for this disk
    }
  }
}
