package dev.caisson.store.delta;

import dev.caisson.store.ObjectId;
import dev.caisson.store.ObjectType;
import dev.caisson.store.gvariant.GVariant;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A delta's superblock, {@code (a{sv}tayay(commit)aya(uayttay)a(yaytt))}: metadata (endianness,
 * inline parts, the new commit's detached metadata), creation time (big-endian), from and to, the
 * new commit object itself, an always-empty list of prerequisite deltas, the part headers and the
 * fallback objects (fetched whole). Part and fallback sizes follow {@code ostree.endianness} ('l' or
 * 'B'), a historical quirk; we write little-endian, as ostree does on x86-64.
 *
 * @param metadata the {@code a{sv}} entries in stored order, each a {@code List.of(key, Variant)}
 */
public record Superblock(List<List<Object>> metadata, long timestamp, Optional<ObjectId> from, ObjectId to,
    byte[] commit, List<PartHeader> parts, List<Fallback> fallbacks) {
  static final String TYPE = "(a{sv}tayay(a{sv}aya(say)sstayay)aya(uayttay)a(yaytt))";
  static final String COMMIT_TYPE = "(a{sv}aya(say)sstayay)";
  private static final long SIGNED_MAGIC = 0x4F535453474E4454L; // OSTSGNDT

  /** An object a part writes. */
  public record Ref(ObjectType type, ObjectId id) {}

  /** One part: format version, SHA-256 of the part file, its size, the objects' total size, the objects. */
  public record PartHeader(int version, byte[] checksum, long size, long uncompressedSize, List<Ref> objects) {}

  /** An object left out of the parts, to be fetched loose. */
  public record Fallback(ObjectType type, ObjectId id, long compressedSize, long uncompressedSize) {}

  public DeltaName name() {
    return new DeltaName(from, to);
  }

  /** A metadata value by key. */
  public Optional<GVariant.Variant> meta(String key) {
    for (List<Object> kv : metadata) {
      if (kv.get(0).equals(key)) {
        return Optional.of((GVariant.Variant) kv.get(1));
      }
    }
    return Optional.empty();
  }

  /** Whether part and fallback sizes are stored big-endian ('B'), as opposed to little-endian ('l'). */
  boolean bigEndian() {
    return meta("ostree.endianness").map(v -> ((Number) v.value()).byteValue() == 'B').orElse(false);
  }

  public byte[] serialize() {
    var meta = new ArrayList<Object>(metadata);
    var parts = new ArrayList<Object>();
    boolean be = bigEndian();
    for (PartHeader p : this.parts) {
      parts.add(List.of(order(be, p.version()), p.checksum(), order(be, p.size()), order(be, p.uncompressedSize()),
          refs(p.objects())));
    }
    var fb = new ArrayList<Object>();
    for (Fallback f : fallbacks) {
      fb.add(List.of((byte) f.type().code(), f.id().raw(), order(be, f.compressedSize()),
          order(be, f.uncompressedSize())));
    }
    Object commitValue = GVariant.parse(COMMIT_TYPE, commit);
    return GVariant.serialize(TYPE, List.of(meta, GVariant.be64(timestamp),
        from.map(ObjectId::raw).orElse(new byte[0]), to.raw(), commitValue, new byte[0], parts, fb));
  }

  private static int order(boolean be, int v) {
    return be ? Integer.reverseBytes(v) : v;
  }

  private static long order(boolean be, long v) {
    return be ? Long.reverseBytes(v) : v;
  }

  static byte[] refs(List<Ref> objects) {
    var buf = ByteBuffer.allocate(objects.size() * 33);
    for (Ref r : objects) {
      buf.put((byte) r.type().code()).put(r.id().raw());
    }
    return buf.array();
  }

  /** Parses a superblock (or a signed one, whose signatures are not checked here). */
  @SuppressWarnings("unchecked")
  public static Superblock parse(byte[] bytes) throws DeltaException {
    try {
      byte[] inner = bytes;
      if (bytes.length >= 8 && ByteBuffer.wrap(bytes, 0, 8).getLong() == SIGNED_MAGIC) {
        inner = (byte[]) ((List<Object>) GVariant.parse("(taya{sv})", bytes)).get(1);
      }
      List<Object> v = (List<Object>) GVariant.parse(TYPE, inner);
      var meta = new ArrayList<List<Object>>();
      for (Object o : (List<Object>) v.get(0)) {
        meta.add((List<Object>) o);
      }
      byte[] from = (byte[]) v.get(2);
      byte[] to = (byte[]) v.get(3);
      if (from.length != 0 && from.length != 32 || to.length != 32) {
        throw new DeltaException("the superblock's from/to checksums are malformed");
      }
      byte[] commit = GVariant.serialize(COMMIT_TYPE, v.get(4));
      var partial = new Superblock(meta, GVariant.be64((Long) v.get(1)),
          from.length == 0 ? Optional.empty() : Optional.of(ObjectId.fromRaw(from)), ObjectId.fromRaw(to), commit,
          List.of(), List.of());
      boolean be = partial.bigEndian();
      var parts = new ArrayList<PartHeader>();
      for (Object o : (List<Object>) v.get(6)) {
        List<Object> p = (List<Object>) o;
        byte[] sum = (byte[]) p.get(1);
        if (sum.length != 32) {
          throw new DeltaException("a part header's checksum is not 32 bytes");
        }
        parts.add(new PartHeader(order(be, (Integer) p.get(0)), sum, order(be, (Long) p.get(2)),
            order(be, (Long) p.get(3)), parseRefs((byte[]) p.get(4))));
      }
      var fallbacks = new ArrayList<Fallback>();
      for (Object o : (List<Object>) v.get(7)) {
        List<Object> f = (List<Object>) o;
        fallbacks.add(new Fallback(ObjectType.ofCode((Byte) f.get(0) & 0xff), ObjectId.fromRaw((byte[]) f.get(1)),
            order(be, (Long) f.get(2)), order(be, (Long) f.get(3))));
      }
      return new Superblock(meta, partial.timestamp(), partial.from(), partial.to(), commit, parts, fallbacks);
    } catch (RuntimeException e) {
      throw new DeltaException("the delta superblock is malformed: " + e.getMessage());
    }
  }

  static List<Ref> parseRefs(byte[] raw) throws DeltaException {
    if (raw.length % 33 != 0) {
      throw new DeltaException("a part's object list is " + raw.length + " bytes, not a multiple of 33");
    }
    var out = new ArrayList<Ref>();
    for (int i = 0; i < raw.length; i += 33) {
      byte[] id = new byte[32];
      System.arraycopy(raw, i + 1, id, 0, 32);
      out.add(new Ref(ObjectType.ofCode(raw[i] & 0xff), ObjectId.fromRaw(id)));
    }
    return out;
  }
}
