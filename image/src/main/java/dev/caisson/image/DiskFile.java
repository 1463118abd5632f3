package dev.caisson.image;

import dev.caisson.disk.GptCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The raw disk file: sparse, with the partition table written by our GPT codec and regions copied in. */
final class DiskFile {
  private static final int BLOCK = 1 << 16;

  private DiskFile() {}

  /** Creates (or truncates) {@code file} as a sparse disk of the layout's size with its GPT. */
  static void create(Path file, DiskLayout layout) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap(new byte[] {0}), layout.diskBytes() - 1);
      GptCodec.Regions r = new GptCodec().encode(layout.table(), null);
      ch.write(ByteBuffer.wrap(r.head()), 0);
      ch.write(ByteBuffer.wrap(r.tail()), layout.diskBytes() - r.tail().length);
    }
  }

  /** Copies {@code source} into {@code disk} at {@code offset}, skipping blocks of zeros (they stay holes). */
  static void copyInto(Path source, Path disk, long offset) throws IOException {
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
        FileChannel out = FileChannel.open(disk, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.allocate(BLOCK);
      long pos = 0;
      while (true) {
        buf.clear();
        int n = in.read(buf, pos);
        if (n <= 0) {
          break;
        }
        buf.flip();
        if (!zero(buf)) {
          out.write(buf, offset + pos);
        }
        pos += n;
      }
    }
  }

  private static boolean zero(ByteBuffer b) {
    for (int i = b.position(); i < b.limit(); i++) {
      if (b.get(i) != 0) {
        return false;
      }
    }
    return true;
  }

  static void fsync(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }
}
