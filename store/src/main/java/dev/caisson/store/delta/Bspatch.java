package dev.caisson.store.delta;

/**
 * Applies a bsdiff patch as ostree's {@code B} opcode stores it: the bsdiff 4 stream of Matthew
 * Endsley's library, without a file header (ostree keeps the sizes in the opcode). The stream is a
 * series of (diff length, extra length, seek) triples, each number 8 bytes little-endian with the
 * sign in the top bit, followed by that many diff bytes (added to the old bytes) and extra bytes.
 */
final class Bspatch {
  private Bspatch() {}

  static byte[] apply(byte[] old, byte[] patch, int offset, int length, int newSize) throws DeltaException {
    byte[] out = new byte[newSize];
    int p = offset;
    int end = offset + length;
    long newPos = 0;
    long oldPos = 0;
    while (newPos < newSize) {
      if (end - p < 24) {
        throw new DeltaException("bsdiff patch truncated in a control triple");
      }
      long diff = offtin(patch, p);
      long extra = offtin(patch, p + 8);
      long seek = offtin(patch, p + 16);
      p += 24;
      if (diff < 0 || extra < 0 || newPos + diff > newSize || diff > end - p) {
        throw new DeltaException("bsdiff patch is corrupt (diff block of " + diff + " bytes)");
      }
      for (int i = 0; i < diff; i++) {
        long o = oldPos + i;
        byte add = o >= 0 && o < old.length ? old[(int) o] : 0;
        out[(int) newPos + i] = (byte) (patch[p + i] + add);
      }
      p += (int) diff;
      newPos += diff;
      oldPos += diff;
      if (newPos + extra > newSize || extra > end - p) {
        throw new DeltaException("bsdiff patch is corrupt (extra block of " + extra + " bytes)");
      }
      System.arraycopy(patch, p, out, (int) newPos, (int) extra);
      p += (int) extra;
      newPos += extra;
      oldPos += seek;
    }
    return out;
  }

  static long offtin(byte[] b, int at) {
    long y = b[at + 7] & 0x7f;
    for (int i = 6; i >= 0; i--) {
      y = (y << 8) | (b[at + i] & 0xff);
    }
    return (b[at + 7] & 0x80) != 0 ? -y : y;
  }
}
