package dev.caisson.store;

import dev.caisson.store.gvariant.GVariant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What OSTree records about a file or directory besides its content: owner, full {@code st_mode}
 * and extended attributes (sorted by name, as OSTree canonicalizes them).
 *
 * @param symlinkTarget the target of a symlink, or {@code ""} for anything else
 */
public record FileMeta(int uid, int gid, int mode, String symlinkTarget, List<Xattr> xattrs) {
  public static final int S_IFMT = 0170000;
  public static final int S_IFREG = 0100000;
  public static final int S_IFDIR = 0040000;
  public static final int S_IFLNK = 0120000;

  public FileMeta {
    // most files have none: a commit or pull makes two of these per file, and a stream each cost 1%
    xattrs = xattrs.isEmpty() ? List.of() : xattrs.size() == 1 ? List.of(xattrs.get(0))
        : xattrs.stream().sorted(Comparator.comparing(Xattr::name, FileMeta::strcmp)).toList();
  }

  /** One extended attribute. */
  public record Xattr(String name, byte[] value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Xattr x && x.name.equals(name) && Arrays.equals(x.value, value);
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + Arrays.hashCode(value);
    }
  }

  public boolean isSymlink() {
    return (mode & S_IFMT) == S_IFLNK;
  }

  public boolean isDirectory() {
    return (mode & S_IFMT) == S_IFDIR;
  }

  /** The {@code a(ayay)} value: names with their trailing NUL. */
  public List<Object> xattrValue() {
    var out = new ArrayList<Object>();
    for (Xattr x : xattrs) {
      byte[] n = (x.name() + "\0").getBytes(StandardCharsets.UTF_8);
      out.add(List.of(n, x.value()));
    }
    return out;
  }

  /**
   * The content object header {@code (uuuusa(ayay))}, numbers big-endian as OSTree writes them.
   * Most files have no xattrs: their header is written directly (the four numbers, the symlink
   * target and its NUL, nothing for the empty array, and the string's end as the one framing
   * offset), as the serializer would write it (FileMetaTest compares the two); a commit or pull
   * makes one per file.
   */
  public byte[] fileHeader() {
    if (xattrs.isEmpty()) {
      byte[] target = symlinkTarget.getBytes(StandardCharsets.UTF_8);
      int end = 16 + target.length + 1;
      int offsetSize = end + 1 <= 0xff ? 1 : end + 2 <= 0xffff ? 2 : 4;
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(end + offsetSize);
      b.putInt(uid).putInt(gid).putInt(mode).putInt(0).put(target).put((byte) 0);
      for (int i = 0; i < offsetSize; i++) {
        b.put((byte) (end >>> (8 * i)));
      }
      return b.array();
    }
    return GVariant.serialize("(uuuusa(ayay))", List.of(GVariant.be32(uid), GVariant.be32(gid), GVariant.be32(mode), 0,
        symlinkTarget, xattrValue()));
  }

  /**
   * The dirmeta object {@code (uuua(ayay))}, also bare-user's {@code user.ostreemeta}: without
   * xattrs, just the three numbers big-endian (the empty array is last, so it has no framing offset).
   */
  public byte[] dirMeta() {
    if (xattrs.isEmpty()) {
      return java.nio.ByteBuffer.allocate(12).putInt(uid).putInt(gid).putInt(mode).array();
    }
    return GVariant.serialize("(uuua(ayay))", List.of(GVariant.be32(uid), GVariant.be32(gid), GVariant.be32(mode),
        xattrValue()));
  }

  /** Parses a {@code (uuua(ayay))} record (a dirmeta, or a bare-user file's metadata). */
  @SuppressWarnings("unchecked")
  public static FileMeta parseDirMeta(byte[] bytes, String symlinkTarget) {
    List<Object> v = (List<Object>) GVariant.parse("(uuua(ayay))", bytes);
    return new FileMeta(GVariant.be32((Integer) v.get(0)), GVariant.be32((Integer) v.get(1)),
        GVariant.be32((Integer) v.get(2)), symlinkTarget, xattrs((List<Object>) v.get(3)));
  }

  /** Parses a content header {@code (uuuusa(ayay))}. */
  @SuppressWarnings("unchecked")
  public static FileMeta parseFileHeader(byte[] bytes) {
    List<Object> v = (List<Object>) GVariant.parse("(uuuusa(ayay))", bytes);
    return new FileMeta(GVariant.be32((Integer) v.get(0)), GVariant.be32((Integer) v.get(1)),
        GVariant.be32((Integer) v.get(2)), (String) v.get(4), xattrs((List<Object>) v.get(5)));
  }

  @SuppressWarnings("unchecked")
  public static List<Xattr> xattrs(List<Object> raw) {
    var out = new ArrayList<Xattr>();
    for (Object o : raw) {
      List<Object> pair = (List<Object>) o;
      byte[] n = (byte[]) pair.get(0);
      int len = n.length > 0 && n[n.length - 1] == 0 ? n.length - 1 : n.length;
      out.add(new Xattr(new String(n, 0, len, StandardCharsets.UTF_8), (byte[]) pair.get(1)));
    }
    return out;
  }

  /** C's strcmp order on UTF-8 bytes, which OSTree sorts names by. */
  public static int strcmp(String a, String b) {
    return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
