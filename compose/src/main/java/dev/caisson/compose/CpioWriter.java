package dev.caisson.compose;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a cpio archive in the "newc" format the kernel unpacks as an initramfs. Every entry is
 * owned by root with the same mtime and inode numbers counted from 1, so the same entries in the
 * same order give the same bytes.
 */
final class CpioWriter implements AutoCloseable {
  private final OutputStream out;
  private final long mtime;
  private long written;
  private int inode = 1;
  private boolean closed;

  CpioWriter(OutputStream out, long mtime) {
    this.out = out;
    this.mtime = mtime;
  }

  void directory(String path, int perm) throws IOException {
    entry(path, 0040000 | perm, 2, 0, 0, new byte[0]);
  }

  void file(String path, int perm, byte[] data) throws IOException {
    entry(path, 0100000 | perm, 1, 0, 0, data);
  }

  void symlink(String path, String target) throws IOException {
    entry(path, 0120777, 1, 0, 0, target.getBytes(StandardCharsets.UTF_8));
  }

  void charDevice(String path, int perm, int major, int minor) throws IOException {
    entry(path, 0020000 | perm, 1, major, minor, new byte[0]);
  }

  private void entry(String path, int mode, int nlink, int rmajor, int rminor, byte[] data) throws IOException {
    if (path.startsWith("/") || path.isEmpty()) {
      throw new IllegalArgumentException("cpio paths are relative: " + path);
    }
    header(inode++, mode, nlink, data.length, rmajor, rminor, path);
    write(data);
    pad();
  }

  private void header(int ino, int mode, int nlink, int size, int rmajor, int rminor, String name) throws IOException {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    var h = new StringBuilder("070701");
    for (long v : new long[] {ino, mode, 0, 0, nlink, mtime, size, 0, 0, rmajor, rminor, n.length + 1, 0}) {
      h.append(String.format("%08x", v));
    }
    write(h.toString().getBytes(StandardCharsets.US_ASCII));
    write(n);
    write(new byte[] {0});
    pad();
  }

  private void write(byte[] b) throws IOException {
    out.write(b);
    written += b.length;
  }

  private void pad() throws IOException {
    while (written % 4 != 0) {
      out.write(0);
      written++;
    }
  }

  /** Writes the trailer; the stream stays open. */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      header(0, 0, 1, 0, 0, 0, "TRAILER!!!");
      out.flush();
    }
  }
}
