package dev.caisson.store.gvariant;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Serializes and parses GVariant values in normal form, driven by a {@link GType}. Values are
 * plain Java objects: {@code y} Byte, {@code b} Boolean, {@code q} Short, {@code u} Integer,
 * {@code t} Long (written in GVariant's little-endian; OSTree's big-endian numbers are passed
 * byte-swapped, see {@link #be32} and {@link #be64}), {@code s} String, {@code ay} byte[], other
 * arrays and tuples {@code List<Object>}, {@code v} {@link Variant}.
 */
public final class GVariant {
  /** A value of type {@code v}: the inner type and value. */
  public record Variant(GType type, Object value) {
    public static Variant of(String signature, Object value) {
      return new Variant(GType.parse(signature), value);
    }
  }

  private GVariant() {}

  public static GType type(String signature) {
    return GType.parse(signature);
  }

  /** OSTree stores its u32 values big-endian: pass the number through this before serializing. */
  public static int be32(int value) {
    return Integer.reverseBytes(value);
  }

  public static long be64(long value) {
    return Long.reverseBytes(value);
  }

  public static byte[] serialize(GType type, Object value) {
    var out = new Buf();
    write(type, value, out);
    return out.toByteArray();
  }

  public static byte[] serialize(String signature, Object value) {
    return serialize(GType.parse(signature), value);
  }

  private static void write(GType type, Object value, Buf out) {
    if (type instanceof GType.Basic b) {
      switch (b.code()) {
        case 'y' -> out.write(((Number) value).byteValue());
        case 'b' -> out.write((Boolean) value ? 1 : 0);
        case 'q' -> out.le(((Number) value).shortValue(), 2);
        case 'u' -> out.le(((Number) value).intValue(), 4);
        case 't' -> out.le(((Number) value).longValue(), 8);
        default -> {
          out.write(((String) value).getBytes(StandardCharsets.UTF_8));
          out.write(0);
        }
      }
    } else if (type instanceof GType.Array a) {
      writeArray(a, value, out);
    } else if (type instanceof GType.Tuple t) {
      writeTuple(t, (List<?>) value, out);
    } else {
      Variant v = (Variant) value;
      write(v.type(), v.value(), out);
      out.write(0);
      out.write(v.type().signature().getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static void writeArray(GType.Array a, Object value, Buf out) {
    if (value instanceof byte[] bytes) {
      out.write(bytes);
      return;
    }
    List<?> items = (List<?>) value;
    GType e = a.element();
    if (e.isFixed()) {
      for (Object item : items) {
        out.pad(e.alignment());
        write(e, item, out);
      }
      return;
    }
    var ends = new ArrayList<Integer>();
    int start = out.size();
    var body = new Buf();
    for (Object item : items) {
      body.pad(e.alignment());
      write(e, item, body);
      ends.add(body.size());
    }
    out.write(body.toByteArray());
    writeOffsets(ends, body.size(), out);
    assert out.size() >= start;
  }

  private static void writeTuple(GType.Tuple t, List<?> values, Buf out) {
    if (values.size() != t.members().size()) {
      throw new IllegalArgumentException("tuple " + t.signature() + " needs " + t.members().size() + " values, got "
          + values.size());
    }
    var body = new Buf();
    var ends = new ArrayList<Integer>();
    for (int i = 0; i < values.size(); i++) {
      GType m = t.members().get(i);
      body.pad(m.alignment());
      write(m, values.get(i), body);
      if (!m.isFixed() && i < values.size() - 1) {
        ends.add(body.size());
      }
    }
    if (t.isFixed()) {
      if (t.members().isEmpty()) {
        body.write(0);
      }
      body.pad(t.alignment());
      out.write(body.toByteArray());
      return;
    }
    out.write(body.toByteArray());
    var reversed = new ArrayList<Integer>(ends);
    java.util.Collections.reverse(reversed);
    writeOffsets(reversed, body.size(), out);
  }

  private static void writeOffsets(List<Integer> offsets, int bodySize, Buf out) {
    int w = offsetSizeFor(bodySize, offsets.size());
    for (int o : offsets) {
      out.le(o, w);
    }
  }

  /** The smallest offset width that lets body and {@code n} offsets fit the width's range. */
  public static int offsetSizeFor(long body, int n) {
    if (n == 0) {
      return 0;
    }
    if (body + n <= 0xffL) {
      return 1;
    }
    if (body + 2L * n <= 0xffffL) {
      return 2;
    }
    if (body + 4L * n <= 0xffffffffL) {
      return 4;
    }
    return 8;
  }

  /** The offset width a reader derives from a container's total size. */
  static int offsetSizeOf(long size) {
    if (size == 0) {
      return 0;
    }
    if (size <= 0xffL) {
      return 1;
    }
    if (size <= 0xffffL) {
      return 2;
    }
    if (size <= 0xffffffffL) {
      return 4;
    }
    return 8;
  }

  public static Object parse(String signature, byte[] data) {
    return parse(GType.parse(signature), data);
  }

  /** Parses {@code data}; malformed framing throws {@link GVariantException}. */
  public static Object parse(GType type, byte[] data) {
    return read(type, data, 0, data.length);
  }

  private static Object read(GType type, byte[] d, int start, int end) {
    if (start < 0 || end > d.length || start > end) {
      throw new GVariantException("frame [" + start + "," + end + ") outside " + d.length + " bytes");
    }
    int len = end - start;
    if (type.isFixed() && len != type.fixedSize()) {
      throw new GVariantException(type.signature() + " needs " + type.fixedSize() + " bytes, got " + len);
    }
    if (type instanceof GType.Basic b) {
      return switch (b.code()) {
        case 'y' -> d[start];
        case 'b' -> d[start] != 0;
        case 'q' -> (short) le(d, start, 2);
        case 'u' -> (int) le(d, start, 4);
        case 't' -> le(d, start, 8);
        default -> string(d, start, end);
      };
    }
    if (type instanceof GType.Array a) {
      return readArray(a, d, start, end);
    }
    if (type instanceof GType.Tuple t) {
      return readTuple(t, d, start, end);
    }
    int nul = end - 1;
    while (nul >= start && d[nul] != 0) {
      nul--;
    }
    if (nul < start) {
      throw new GVariantException("variant without a type string");
    }
    GType inner = GType.parse(new String(d, nul + 1, end - nul - 1, StandardCharsets.US_ASCII));
    return new Variant(inner, read(inner, d, start, nul));
  }

  private static Object readArray(GType.Array a, byte[] d, int start, int end) {
    GType e = a.element();
    if (e instanceof GType.Basic b && b.code() == 'y') {
      return java.util.Arrays.copyOfRange(d, start, end);
    }
    var items = new ArrayList<Object>();
    int len = end - start;
    if (len == 0) {
      return items;
    }
    if (e.isFixed()) {
      int size = e.fixedSize();
      if (len % size != 0) {
        throw new GVariantException("array of " + e.signature() + " has " + len + " bytes");
      }
      for (int p = start; p < end; p += size) {
        items.add(read(e, d, p, p + size));
      }
      return items;
    }
    int w = offsetSizeOf(len);
    int table = start + (int) le(d, end - w, w);
    if (table < start || table > end || (end - table) % w != 0) {
      throw new GVariantException("bad array framing");
    }
    int n = (end - table) / w;
    int pos = start;
    for (int i = 0; i < n; i++) {
      int itemEnd = start + (int) le(d, table + i * w, w);
      pos = start + GType.align(pos - start, e.alignment());
      items.add(read(e, d, pos, itemEnd));
      pos = itemEnd;
    }
    return items;
  }

  private static Object readTuple(GType.Tuple t, byte[] d, int start, int end) {
    int len = end - start;
    int w = t.isFixed() ? 0 : offsetSizeOf(len);
    var values = new ArrayList<Object>();
    int pos = start;
    int offsetIndex = 0;
    List<GType> members = t.members();
    for (int i = 0; i < members.size(); i++) {
      GType m = members.get(i);
      pos = start + GType.align(pos - start, m.alignment());
      int memberEnd;
      if (m.isFixed()) {
        memberEnd = pos + m.fixedSize();
      } else if (i == members.size() - 1) {
        memberEnd = end - offsetIndex * w;
      } else {
        offsetIndex++;
        memberEnd = start + (int) le(d, end - offsetIndex * w, w);
      }
      values.add(read(m, d, pos, memberEnd));
      pos = memberEnd;
    }
    return values;
  }

  /** The string framed by [start, end): UTF-8 with its NUL last; malformed text throws {@link GVariantException}. */
  public static String string(byte[] d, int start, int end) {
    if (end <= start || d[end - 1] != 0) {
      throw new GVariantException("string without its NUL");
    }
    boolean ascii = true;
    for (int i = start; i < end - 1 && ascii; i++) {
      ascii = d[i] >= 0;
    }
    if (ascii) { // most names are: no decoder to set up
      return new String(d, start, end - start - 1, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(d, start, end - start - 1)).toString();
    } catch (CharacterCodingException e) {
      throw new GVariantException("string is not UTF-8");
    }
  }

  private static long le(byte[] d, int at, int width) {
    long v = 0;
    for (int i = width - 1; i >= 0; i--) {
      v = (v << 8) | (d[at + i] & 0xffL);
    }
    return v;
  }

  /** A growable byte buffer with little-endian writes and alignment padding. */
  private static final class Buf extends ByteArrayOutputStream {
    void pad(int alignment) {
      while ((count & (alignment - 1)) != 0) {
        write(0);
      }
    }

    void le(long value, int width) {
      for (int i = 0; i < width; i++) {
        write((int) (value >>> (8 * i)) & 0xff);
      }
    }

    @Override
    public void write(byte[] b) {
      write(b, 0, b.length);
    }
  }
}
