package dev.caisson.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * A disk: a regular file (an image) or a block device, with its size and logical sector size.
 * Reading and writing the partition table happen here; the table is always written whole: the
 * backup first, the primary last, then one {@code force}, so that a crash leaves one valid copy.
 */
public final class Disk {
  private final Path path;
  private final boolean blockDevice;
  private final long sizeBytes;
  private final int sectorSize;

  private Disk(Path path, boolean blockDevice, long sizeBytes, int sectorSize) {
    this.path = path;
    this.blockDevice = blockDevice;
    this.sizeBytes = sizeBytes;
    this.sectorSize = sectorSize;
  }

  /** Opens an image file or a block device; block devices are measured with {@code blockdev}. */
  public static Disk open(Path path, Commands commands) throws DiskException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (IOException e) {
      throw new DiskException(path + ": no such disk or image file", e);
    }
    if (a.isRegularFile()) {
      return new Disk(path, false, a.size(), 512);
    }
    if (!a.isOther()) {
      throw new DiskException(path + " is neither a block device nor a disk image file");
    }
    String size = commands.run(List.of("blockdev", "--getsize64", path.toString())).trim();
    int ss = logicalSectorSize(path).orElse(512);
    try {
      return new Disk(path, true, Long.parseLong(size), ss);
    } catch (NumberFormatException e) {
      throw new DiskException("blockdev --getsize64 " + path + " printed " + size, e);
    }
  }

  private static Optional<Integer> logicalSectorSize(Path dev) {
    try {
      Path name = dev.toRealPath().getFileName();
      Path f = Path.of("/sys/class/block").resolve(name.toString()).resolve("queue/logical_block_size");
      return Files.isRegularFile(f) ? Optional.of(Integer.parseInt(Files.readString(f).trim())) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  public Path path() {
    return path;
  }

  public boolean blockDevice() {
    return blockDevice;
  }

  public long sizeBytes() {
    return sizeBytes;
  }

  public int sectorSize() {
    return sectorSize;
  }

  public long totalSectors() {
    return sizeBytes / sectorSize;
  }

  /** The current table; empty for a blank disk. */
  public Optional<GptTable> readTable() throws DiskException {
    return new GptCodec().decode(path.toString(), read(0, GptCodec.headBytes(sectorSize)),
        read(tailOffset(), GptCodec.tailBytes(sectorSize)), sectorSize, totalSectors());
  }

  /** The bytes the table occupies now, at both ends: to tell whether a write would change anything. */
  public GptCodec.Regions currentRegions() throws DiskException {
    return new GptCodec.Regions(read(0, GptCodec.headBytes(sectorSize)),
        read(tailOffset(), GptCodec.tailBytes(sectorSize)));
  }

  private long tailOffset() {
    return (totalSectors() * sectorSize) - GptCodec.tailBytes(sectorSize);
  }

  /** Writes the backup, then the primary, then forces both to the device. */
  public void writeTable(GptCodec.Regions r) throws DiskException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
      writeFully(ch, r.tail(), tailOffset());
      ch.force(false);
      writeFully(ch, r.head(), 0);
      ch.force(true);
    } catch (IOException e) {
      throw new DiskException("cannot write the partition table of " + path + ": " + e.getMessage(), e);
    }
  }

  private static void writeFully(FileChannel ch, byte[] b, long at) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(b);
    while (buf.hasRemaining()) {
      ch.write(buf, at + buf.position());
    }
  }

  byte[] read(long at, int len) throws DiskException {
    byte[] b = new byte[len];
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.wrap(b);
      while (buf.hasRemaining()) {
        if (ch.read(buf, at + buf.position()) < 0) {
          break; // past the end of a short image: zeros
        }
      }
    } catch (IOException e) {
      throw new DiskException("cannot read " + path + ": " + e.getMessage(), e);
    }
    return b;
  }
}
