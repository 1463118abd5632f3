package dev.caisson.store.delta;

import dev.caisson.store.FileMeta;
import dev.caisson.store.gvariant.GVariant;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.UnsupportedOptionsException;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/**
 * A delta part's payload, {@code (a(uuu)aa(ayay)ayay)}: the (uid, gid, mode) triples and xattr sets
 * its content objects use (big-endian numbers), a data blob, and the opcode stream. On disk a part
 * is one compression byte ({@code 0} none, {@code 'x'} xz; ostree 2022.7 knows no other) then the
 * payload, compressed.
 */
public record DeltaPart(List<int[]> modes, List<List<Object>> xattrs, byte[] payload, byte[] ops) {
  static final String TYPE = "(a(uuu)aa(ayay)ayay)";

  /** Opens a part file's bytes (or an inline part's). */
  @SuppressWarnings("unchecked")
  public static DeltaPart open(byte[] file) throws DeltaException {
    if (file.length == 0) {
      throw new DeltaException("empty delta part");
    }
    byte[] raw;
    switch (file[0]) {
      case 0 -> {
        raw = new byte[file.length - 1];
        System.arraycopy(file, 1, raw, 0, raw.length);
      }
      case 'x' -> {
        try (InputStream in = new XZInputStream(new ByteArrayInputStream(file, 1, file.length - 1))) {
          raw = in.readAllBytes();
        } catch (IOException e) {
          throw new DeltaException("the delta part's xz stream is corrupt: " + e.getMessage());
        }
      }
      default -> throw new DeltaException("unknown delta part compression '" + (file[0] & 0xff) + "'");
    }
    try {
      List<Object> v = (List<Object>) GVariant.parse(TYPE, raw);
      var modes = new ArrayList<int[]>();
      for (Object o : (List<Object>) v.get(0)) {
        List<Object> m = (List<Object>) o;
        modes.add(new int[] {GVariant.be32((Integer) m.get(0)), GVariant.be32((Integer) m.get(1)),
            GVariant.be32((Integer) m.get(2))});
      }
      var xattrs = new ArrayList<List<Object>>();
      for (Object o : (List<Object>) v.get(1)) {
        xattrs.add((List<Object>) o);
      }
      return new DeltaPart(modes, xattrs, (byte[]) v.get(2), (byte[]) v.get(3));
    } catch (RuntimeException e) {
      throw new DeltaException("the delta part is malformed: " + e.getMessage());
    }
  }

  /** The part's uncompressed payload bytes. */
  public byte[] serialize() {
    var modesV = new ArrayList<Object>();
    for (int[] m : modes) {
      modesV.add(List.of(GVariant.be32(m[0]), GVariant.be32(m[1]), GVariant.be32(m[2])));
    }
    return GVariant.serialize(TYPE, List.of(modesV, new ArrayList<Object>(xattrs), payload, ops));
  }

  /** The part file: {@code 'x'} and the xz-compressed payload (LZMA2 at {@code preset}, CRC64), or 0 and the payload. */
  public byte[] file(int preset) throws IOException {
    byte[] raw = serialize();
    var out = new ByteArrayOutputStream(raw.length / 3 + 64);
    if (preset < 0) {
      out.write(0);
      out.write(raw);
      return out.toByteArray();
    }
    out.write('x');
    try (var xz = new XZOutputStream(out, new LZMA2Options(preset))) {
      xz.write(raw);
    } catch (UnsupportedOptionsException e) {
      throw new IllegalArgumentException("xz preset " + preset, e);
    }
    return out.toByteArray();
  }

  /** The metadata triple at {@code i} as a {@link FileMeta} with the xattr set at {@code x}. */
  FileMeta meta(long i, long x, String symlinkTarget) throws DeltaException {
    if (i < 0 || i >= modes.size() || x < 0 || x >= xattrs.size()) {
      throw new DeltaException("opcode names mode " + i + " or xattr set " + x + ", which the part lacks");
    }
    int[] m = modes.get((int) i);
    return new FileMeta(m[0], m[1], m[2], symlinkTarget, FileMeta.xattrs(xattrs.get((int) x)));
  }
}
