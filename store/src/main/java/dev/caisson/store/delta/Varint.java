package dev.caisson.store.delta;

import java.io.ByteArrayOutputStream;

/** Protobuf-style unsigned varints, which delta opcodes take their arguments in ({@code ostree-varint.c}). */
final class Varint {
  private Varint() {}

  static void write(ByteArrayOutputStream out, long value) {
    long v = value;
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  /** A cursor over an opcode stream. */
  static final class Reader {
    private final byte[] data;
    private int pos;

    Reader(byte[] data) {
      this.data = data;
    }

    boolean hasMore() {
      return pos < data.length;
    }

    int opcode() {
      return data[pos++] & 0xff;
    }

    int position() {
      return pos;
    }

    long next() throws DeltaException {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= data.length) {
          throw new DeltaException("unexpected end of the opcode stream while reading a varint");
        }
        int b = data[pos++] & 0xff;
        result |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
      }
      throw new DeltaException("varint longer than 64 bits in the opcode stream");
    }
  }
}
