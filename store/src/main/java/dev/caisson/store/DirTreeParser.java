package dev.caisson.store;

import dev.caisson.store.gvariant.GVariant;
import dev.caisson.store.gvariant.GVariantException;
import java.util.Arrays;
import java.util.LinkedHashMap;

/**
 * Reads a dirtree, {@code (a(say)a(sayay))}, straight from its bytes: the same framing rules as the
 * generic GVariant reader, without building a list per entry (checkouts and deploys read every
 * dirtree of a commit). Malformed framing throws {@link GVariantException}.
 */
final class DirTreeParser {
  private final byte[] d;

  private DirTreeParser(byte[] d) {
    this.d = d;
  }

  static Commit.Tree parse(byte[] bytes) {
    return new DirTreeParser(bytes).tree();
  }

  private Commit.Tree tree() {
    int end = d.length;
    int w = width(end);
    if (end < w) {
      throw new GVariantException("dirtree of " + end + " bytes");
    }
    int filesEnd = offset(end - w, w, 0, 0, end - w);
    var files = new LinkedHashMap<String, ObjectId>();
    var dirs = new LinkedHashMap<String, Commit.Dir>();
    for (int[] e : elements(0, filesEnd)) { // (say): name, then checksum; one framing offset
      int ew = width(e[1] - e[0]);
      int last = e[1] - ew;
      if (last < e[0]) {
        throw new GVariantException("dirtree file entry too short");
      }
      int nameEnd = offset(last, ew, e[0], e[0], last);
      files.put(string(e[0], nameEnd), id(nameEnd, last));
    }
    for (int[] e : elements(filesEnd, end - w)) { // (sayay): name, tree, meta; two framing offsets
      int ew = width(e[1] - e[0]);
      int last = e[1] - 2 * ew;
      if (last < e[0]) {
        throw new GVariantException("dirtree directory entry too short");
      }
      int nameEnd = offset(e[1] - ew, ew, e[0], e[0], last);
      int treeEnd = offset(e[1] - 2 * ew, ew, e[0], nameEnd, last);
      dirs.put(string(e[0], nameEnd), new Commit.Dir(id(nameEnd, treeEnd), id(treeEnd, last)));
    }
    return new Commit.Tree(files, dirs);
  }

  /** The [start, end) frames of an array of variable-size elements (alignment 1) held in [start, end). */
  private java.util.List<int[]> elements(int start, int end) {
    var out = new java.util.ArrayList<int[]>();
    int len = end - start;
    if (len == 0) {
      return out;
    }
    int w = width(len);
    if (len < w) {
      throw new GVariantException("bad array framing");
    }
    int table = offset(end - w, w, start, start, end - w);
    if ((end - table) % w != 0) {
      throw new GVariantException("bad array framing");
    }
    int pos = start;
    for (int at = table; at < end; at += w) {
      int itemEnd = offset(at, w, start, pos, table);
      out.add(new int[] {pos, itemEnd});
      pos = itemEnd;
    }
    return out;
  }

  /**
   * The framing offset of {@code w} little-endian bytes at {@code at}, relative to its container's
   * {@code base}, as an index into the bytes; it must lie in [lo, hi].
   */
  private int offset(int at, int w, int base, int lo, int hi) {
    long v = 0;
    for (int i = w - 1; i >= 0; i--) {
      v = (v << 8) | (d[at + i] & 0xffL);
    }
    long abs = base + v;
    if (abs < lo || abs > hi) {
      throw new GVariantException("framing offset " + v + " out of its frame");
    }
    return (int) abs;
  }

  private static int width(int size) {
    return size <= 0xff ? 1 : size <= 0xffff ? 2 : 4;
  }

  private ObjectId id(int start, int end) {
    if (end - start != 32) {
      throw new GVariantException("a checksum is 32 bytes, got " + (end - start));
    }
    return ObjectId.fromRaw(Arrays.copyOfRange(d, start, end));
  }

  private String string(int start, int end) {
    return GVariant.string(d, start, end);
  }
}
