package dev.caisson.store.sign;

import dev.caisson.store.StoreException;
import dev.caisson.store.gvariant.GVariant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signatures kept in an {@code a{sv}} of detached metadata: a commit's {@code .commitmeta} or a
 * {@code summary.sig}. Ed25519 signatures are an {@code aay} under {@code ostree.sign.ed25519}, each
 * 64 bytes over the signed file's raw bytes. Other keys (GPG's {@code ostree.gpgsigs}, user keys) are
 * kept as they are, in their order.
 */
public final class Signatures {
  /** Where OSTree keeps GPG signatures. */
  public static final String GPG = "ostree.gpgsigs";

  /** Where OSTree keeps Ed25519 signatures. */
  public static final String ED25519 = "ostree.sign.ed25519";

  private final LinkedHashMap<String, GVariant.Variant> entries;

  private Signatures(LinkedHashMap<String, GVariant.Variant> entries) {
    this.entries = entries;
  }

  public static Signatures empty() {
    return new Signatures(new LinkedHashMap<>());
  }

  /** Parses detached metadata; a malformed file is an error, not an empty set. */
  @SuppressWarnings("unchecked")
  public static Signatures parse(byte[] asv) throws StoreException {
    var out = new LinkedHashMap<String, GVariant.Variant>();
    try {
      for (Object o : (List<Object>) GVariant.parse("a{sv}", asv)) {
        List<Object> kv = (List<Object>) o;
        out.put((String) kv.get(0), (GVariant.Variant) kv.get(1));
      }
    } catch (RuntimeException e) {
      throw new StoreException("detached metadata is not a well-formed a{sv}: " + e.getMessage());
    }
    return new Signatures(out);
  }

  public byte[] serialize() {
    var list = new ArrayList<Object>();
    entries.forEach((k, v) -> list.add(List.of(k, v)));
    return GVariant.serialize("a{sv}", list);
  }

  /** The Ed25519 signatures held. */
  @SuppressWarnings("unchecked")
  public List<byte[]> ed25519() {
    GVariant.Variant v = entries.get(ED25519);
    if (v == null || !v.type().signature().equals("aay")) {
      return List.of();
    }
    return (List<byte[]>) v.value();
  }

  /** The GPG (OpenPGP binary) signatures held. */
  @SuppressWarnings("unchecked")
  public List<byte[]> gpg() {
    GVariant.Variant v = entries.get(GPG);
    if (v == null || !v.type().signature().equals("aay")) {
      return List.of();
    }
    return (List<byte[]>) v.value();
  }

  /** Adds {@code key}'s signature over {@code data}, unless one by that key is there already. */
  public Signatures withSignature(byte[] data, Ed25519Key key) {
    var sigs = new ArrayList<byte[]>(ed25519());
    if (sigs.stream().anyMatch(s -> key.verify(data, s))) {
      return this;
    }
    sigs.add(key.sign(data));
    return withEd25519(sigs);
  }

  /** Adds an OpenPGP detached signature ({@code ostree.gpgsigs}). */
  public Signatures withGpgSignature(byte[] signature) {
    var sigs = new ArrayList<byte[]>(gpg());
    sigs.add(signature);
    var copy = new LinkedHashMap<String, GVariant.Variant>(entries);
    copy.put(GPG, GVariant.Variant.of("aay", List.copyOf(sigs)));
    return new Signatures(copy);
  }

  /** Removes the signatures {@code key} made over {@code data}. */
  public Signatures without(byte[] data, Ed25519Key key) {
    return withEd25519(ed25519().stream().filter(s -> !key.verify(data, s)).toList());
  }

  private Signatures withEd25519(List<byte[]> sigs) {
    var copy = new LinkedHashMap<String, GVariant.Variant>(entries);
    if (sigs.isEmpty()) {
      copy.remove(ED25519);
    } else {
      copy.put(ED25519, GVariant.Variant.of("aay", List.copyOf(sigs)));
    }
    return new Signatures(copy);
  }

  /** The first trusted key with a valid signature over {@code data}, if any. */
  public java.util.Optional<Ed25519Key> verifiedBy(byte[] data, List<Ed25519Key> trusted) {
    for (byte[] sig : ed25519()) {
      for (Ed25519Key k : trusted) {
        if (k.verify(data, sig)) {
          return java.util.Optional.of(k);
        }
      }
    }
    return java.util.Optional.empty();
  }

  public Map<String, GVariant.Variant> entries() {
    return java.util.Collections.unmodifiableMap(entries);
  }
}
