package dev.caisson.store;

import dev.caisson.store.gvariant.GVariant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a dirtree object, {@code (a(say)a(sayay))}, directly: what the GVariant serializer writes
 * for it (DirTreeWriterTest compares the two), without building a value tree of lists first. Every
 * member has alignment 1, so there is no padding: each file entry is its name, a NUL and the
 * checksum, then the name's end as its one framing offset; each directory entry is its name, a NUL,
 * the two checksums, then the first checksum's end and the name's end; each array is its entries
 * followed by their ends; the whole is the two arrays and the first one's end. Offsets are as wide
 * as their container needs. A commit writes one per directory (1,100 for Debian minbase).
 * Entries must be added in the order ostree sorts names (strcmp of their UTF-8 bytes).
 */
final class DirTreeWriter {
  private final List<byte[]> fileNames = new ArrayList<>();
  private final List<byte[]> fileIds = new ArrayList<>();
  private final List<byte[]> dirNames = new ArrayList<>();
  private final List<byte[]> dirTrees = new ArrayList<>();
  private final List<byte[]> dirMetas = new ArrayList<>();

  /** Adds a file (or symlink): its UTF-8 name and its content object's 32-byte checksum. */
  DirTreeWriter file(byte[] name, byte[] id) {
    fileNames.add(name);
    fileIds.add(id);
    return this;
  }

  /** Adds a subdirectory: its UTF-8 name, its dirtree's and its dirmeta's checksums. */
  DirTreeWriter dir(byte[] name, byte[] tree, byte[] meta) {
    dirNames.add(name);
    dirTrees.add(tree);
    dirMetas.add(meta);
    return this;
  }

  byte[] toBytes() {
    Out out = new Out();
    int filesEnd = array(out, fileNames, 1);
    array(out, dirNames, 2);
    out.le(filesEnd, width(out.size, 1));
    return out.bytes();
  }

  /** Writes one array (files: 1 checksum per entry; dirs: 2) and returns where it ends. */
  private int array(Out out, List<byte[]> names, int checksums) {
    int start = out.size;
    int[] ends = new int[names.size()];
    for (int i = 0; i < names.size(); i++) {
      byte[] name = names.get(i);
      out.put(name);
      out.put((byte) 0);
      int nameEnd = name.length + 1;
      if (checksums == 1) {
        out.put(fileIds.get(i));
        out.le(nameEnd, width(nameEnd + 32, 1));
      } else {
        out.put(dirTrees.get(i));
        out.put(dirMetas.get(i));
        int w = width(nameEnd + 64, 2);
        out.le(nameEnd + 32, w); // framing offsets are written last member first
        out.le(nameEnd, w);
      }
      ends[i] = out.size - start;
    }
    int w = width(out.size - start, ends.length);
    for (int end : ends) {
      out.le(end, w);
    }
    return out.size - start;
  }

  private static int width(long body, int n) {
    return GVariant.offsetSizeFor(body, n);
  }

  /** A growable byte buffer. */
  private static final class Out {
    private byte[] buf = new byte[256];
    private int size;

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }

    void put(byte b) {
      ensure(1);
      buf[size++] = b;
    }

    void put(byte[] bytes) {
      ensure(bytes.length);
      System.arraycopy(bytes, 0, buf, size, bytes.length);
      size += bytes.length;
    }

    void le(long v, int width) {
      ensure(width);
      for (int i = 0; i < width; i++) {
        buf[size++] = (byte) (v >>> (8 * i));
      }
    }

    byte[] bytes() {
      return java.util.Arrays.copyOf(buf, size);
    }
  }
}
