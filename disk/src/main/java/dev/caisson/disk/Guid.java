package dev.caisson.disk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * A GUID as UEFI stores it: the first three fields little-endian, the last eight bytes as they are
 * ("mixed-endian"). Printed in upper case, as sfdisk prints it.
 */
public record Guid(UUID uuid) {
  /** The Linux filesystem data partition type, Ignition's and sgdisk's default. */
  public static final Guid LINUX_FILESYSTEM = parse("0FC63DAF-8483-4772-8E79-3D69D8477DE4");
  /** An unused entry's type. */
  public static final Guid ZERO = new Guid(new UUID(0, 0));

  public Guid {
    if (uuid == null) {
      throw new IllegalArgumentException("null GUID");
    }
  }

  /** Parses {@code 8-4-4-4-12} hex digits, either case. */
  public static Guid parse(String text) {
    if (text == null || !text.matches("[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")) {
      throw new IllegalArgumentException("not a GUID: " + text);
    }
    return new Guid(UUID.fromString(text));
  }

  /** A random (version 4) GUID from {@code random}. */
  public static Guid random(Random random) {
    byte[] b = new byte[16];
    random.nextBytes(b);
    b[6] = (byte) ((b[6] & 0x0f) | 0x40);
    b[8] = (byte) ((b[8] & 0x3f) | 0x80);
    ByteBuffer buf = ByteBuffer.wrap(b);
    return new Guid(new UUID(buf.getLong(), buf.getLong()));
  }

  public static Guid random() {
    return random(new SecureRandom());
  }

  /** Reads 16 on-disk bytes at {@code offset}. */
  public static Guid fromDisk(byte[] bytes, int offset) {
    ByteBuffer le = ByteBuffer.wrap(bytes, offset, 8).order(ByteOrder.LITTLE_ENDIAN);
    long d1 = le.getInt() & 0xffffffffL;
    long d2 = le.getShort() & 0xffffL;
    long d3 = le.getShort() & 0xffffL;
    long msb = (d1 << 32) | (d2 << 16) | d3;
    long lsb = ByteBuffer.wrap(bytes, offset + 8, 8).order(ByteOrder.BIG_ENDIAN).getLong();
    return new Guid(new UUID(msb, lsb));
  }

  /** Writes the 16 on-disk bytes at {@code offset}. */
  public void toDisk(byte[] bytes, int offset) {
    long msb = uuid.getMostSignificantBits();
    ByteBuffer le = ByteBuffer.wrap(bytes, offset, 8).order(ByteOrder.LITTLE_ENDIAN);
    le.putInt((int) (msb >>> 32));
    le.putShort((short) (msb >>> 16));
    le.putShort((short) msb);
    ByteBuffer.wrap(bytes, offset + 8, 8).order(ByteOrder.BIG_ENDIAN).putLong(uuid.getLeastSignificantBits());
  }

  public boolean isZero() {
    return equals(ZERO);
  }

  @Override
  public String toString() {
    return uuid.toString().toUpperCase(Locale.ROOT);
  }
}
