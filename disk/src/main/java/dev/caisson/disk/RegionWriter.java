package dev.caisson.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Copies a filesystem made in a temp file into a byte range of an image, keeping the image sparse:
 * a chunk that is zero in the source is written only when the image holds something else there,
 * so stale data never survives and holes stay holes.
 */
final class RegionWriter {
  private static final int CHUNK = 1 << 20;

  /** Makes {@code image[offset, offset+length)} equal to {@code src} (zeros past its end), then forces it. */
  void copy(Path src, Path image, long offset, long length) throws DiskException {
    try (FileChannel in = src == null ? null : FileChannel.open(src, StandardOpenOption.READ);
        FileChannel out = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer a = ByteBuffer.allocate(CHUNK);
      ByteBuffer b = ByteBuffer.allocate(CHUNK);
      byte[] zero = new byte[CHUNK];
      for (long pos = 0; pos < length; pos += CHUNK) {
        int n = (int) Math.min(CHUNK, length - pos);
        a.clear().limit(n);
        if (in != null) {
          readFully(in, a, pos);
        }
        Arrays.fill(a.array(), a.position(), n, (byte) 0);
        if (Arrays.equals(a.array(), 0, n, zero, 0, n)) {
          b.clear().limit(n);
          readFully(out, b, offset + pos);
          Arrays.fill(b.array(), b.position(), n, (byte) 0);
          if (Arrays.equals(b.array(), 0, n, zero, 0, n)) {
            continue;
          }
        }
        ByteBuffer w = ByteBuffer.wrap(a.array(), 0, n);
        while (w.hasRemaining()) {
          out.write(w, offset + pos + w.position());
        }
      }
      out.force(true);
    } catch (IOException e) {
      throw new DiskException("cannot write into " + image + " at byte " + offset + ": " + e.getMessage(), e);
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
    long start = at - buf.position();
    while (buf.hasRemaining()) {
      if (ch.read(buf, start + buf.position()) < 0) {
        return;
      }
    }
  }
}
