package dev.caisson.store;

import java.util.Arrays;
import java.util.HexFormat;

/** A SHA-256 object name. */
public final class ObjectId implements Comparable<ObjectId> {
  private final byte[] raw;

  private ObjectId(byte[] raw) {
    if (raw.length != 32) {
      throw new IllegalArgumentException("an object id is 32 bytes, got " + raw.length);
    }
    this.raw = raw.clone();
  }

  public static ObjectId fromRaw(byte[] raw) {
    return new ObjectId(raw);
  }

  public static ObjectId fromString(String hex) {
    if (!isValid(hex)) {
      throw new IllegalArgumentException("not a checksum: '" + hex + "' (64 lower-case hex digits)");
    }
    return new ObjectId(HexFormat.of().parseHex(hex));
  }

  public static boolean isValid(String hex) {
    return hex != null && hex.length() == 64 && hex.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
  }

  public byte[] raw() {
    return raw.clone();
  }

  public String name() {
    return HexFormat.of().formatHex(raw);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ObjectId other && Arrays.equals(raw, other.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public int compareTo(ObjectId o) {
    return Arrays.compareUnsigned(raw, o.raw);
  }

  @Override
  public String toString() {
    return name();
  }
}
