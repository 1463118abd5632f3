package dev.caisson.store;

import dev.caisson.store.gvariant.GVariant;
import dev.caisson.store.sign.Ed25519Key;
import dev.caisson.store.sign.Signatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The repository's {@code summary}: {@code (a(s(taya{sv}))a{sv})}, every local ref (sorted by strcmp)
 * with its commit's size, checksum, timestamp and version, then the repository's mode and the time
 * of the update, as {@code ostree summary -u} writes it (same keys, same order). Signed summaries get
 * a {@code summary.sig} holding Ed25519 signatures over the summary's bytes, written before it.
 */
public final class Summary {
  /** One ref as the summary lists it. */
  public record Entry(String ref, ObjectId commit, long commitSize, long timestamp, Optional<String> version) {}

  private final List<Entry> entries;
  private final Map<String, GVariant.Variant> metadata;
  private final byte[] bytes;

  private Summary(List<Entry> entries, Map<String, GVariant.Variant> metadata, byte[] bytes) {
    this.entries = entries;
    this.metadata = metadata;
    this.bytes = bytes;
  }

  /** Builds the summary of the repository's refs at {@code now}; writes nothing. */
  public static Summary of(Repo repo, Instant now) throws IOException {
    var refs = new ArrayList<Object>();
    var entries = new ArrayList<Entry>();
    for (var r : repo.refs().entrySet()) {
      if (r.getKey().contains(":")) {
        continue; // remote refs are not ours to advertise
      }
      byte[] commitBytes = repo.readMetadata(r.getValue(), ObjectType.COMMIT);
      Commit c = Commit.read(repo, r.getValue());
      var meta = new ArrayList<Object>();
      Optional<String> version = c.string("version");
      version.ifPresent(v -> meta.add(List.of("ostree.commit.version", GVariant.Variant.of("s", v))));
      meta.add(List.of("ostree.commit.timestamp", GVariant.Variant.of("t", GVariant.be64(c.timestamp()))));
      refs.add(List.of(r.getKey(), List.of((long) commitBytes.length, r.getValue().raw(), meta)));
      entries.add(new Entry(r.getKey(), r.getValue(), commitBytes.length, c.timestamp(), version));
    }
    // ostree fills a GVariantDict, so the keys come out in GLib hash-table order
    var inserted = new LinkedHashMap<String, GVariant.Variant>();
    var deltas = dev.caisson.store.delta.StaticDeltas.list(repo);
    if (!deltas.isEmpty()) {
      inserted.put(dev.caisson.store.delta.StaticDeltas.SUMMARY_KEY,
          GVariant.Variant.of("a{sv}", dev.caisson.store.delta.StaticDeltas.digests(repo, deltas)));
    }
    inserted.put("ostree.summary.last-modified", GVariant.Variant.of("t", GVariant.be64(now.getEpochSecond())));
    inserted.put("ostree.summary.mode", GVariant.Variant.of("s", repo.mode().configName()));
    inserted.put("ostree.summary.tombstone-commits", GVariant.Variant.of("b", false));
    inserted.put("ostree.summary.indexed-deltas", GVariant.Variant.of("b", true));
    var global = new LinkedHashMap<String, GVariant.Variant>();
    for (String k : GHashOrder.of(new ArrayList<>(inserted.keySet()))) {
      global.put(k, inserted.get(k));
    }
    var globalList = new ArrayList<Object>();
    global.forEach((k, v) -> globalList.add(List.of(k, v)));
    byte[] bytes = GVariant.serialize("(a(s(taya{sv}))a{sv})", List.of(refs, globalList));
    return new Summary(entries, global, bytes);
  }

  /** Parses a summary file (ours or ostree's). */
  @SuppressWarnings("unchecked")
  public static Summary parse(byte[] bytes) throws StoreException {
    try {
      List<Object> top = (List<Object>) GVariant.parse("(a(s(taya{sv}))a{sv})", bytes);
      var entries = new ArrayList<Entry>();
      for (Object o : (List<Object>) top.get(0)) {
        List<Object> ref = (List<Object>) o;
        List<Object> info = (List<Object>) ref.get(1);
        long ts = 0;
        Optional<String> version = Optional.empty();
        for (Object m : (List<Object>) info.get(2)) {
          List<Object> kv = (List<Object>) m;
          GVariant.Variant v = (GVariant.Variant) kv.get(1);
          if (kv.get(0).equals("ostree.commit.timestamp") && v.value() instanceof Long l) {
            ts = GVariant.be64(l);
          } else if (kv.get(0).equals("ostree.commit.version") && v.value() instanceof String s) {
            version = Optional.of(s);
          }
        }
        entries.add(new Entry((String) ref.get(0), ObjectId.fromRaw((byte[]) info.get(1)), (Long) info.get(0), ts,
            version));
      }
      var global = new LinkedHashMap<String, GVariant.Variant>();
      for (Object o : (List<Object>) top.get(1)) {
        List<Object> kv = (List<Object>) o;
        global.put((String) kv.get(0), (GVariant.Variant) kv.get(1));
      }
      return new Summary(entries, global, bytes.clone());
    } catch (RuntimeException e) {
      throw new StoreException("the summary is not well formed: " + e.getMessage());
    }
  }

  /**
   * Writes {@code summary} (and {@code summary.sig} signed by {@code signers}, or removes a stale
   * one when there are none) into the repository.
   */
  public void write(Repo repo, List<Ed25519Key> signers) throws IOException {
    write(repo, signers, List.of());
  }

  /** As {@link #write(Repo, List)}, with OpenPGP signatures too ({@code summary --gpg-sign}). */
  public void write(Repo repo, List<Ed25519Key> signers, List<dev.caisson.store.sign.GpgSigner> gpg)
      throws IOException {
    dev.caisson.store.delta.StaticDeltas.reindex(repo);
    Path sig = repo.path().resolve("summary.sig");
    if (signers.isEmpty() && gpg.isEmpty()) {
      Files.deleteIfExists(sig);
    } else {
      Signatures s = Signatures.empty();
      for (dev.caisson.store.sign.GpgSigner g : gpg) {
        s = s.withGpgSignature(g.sign(bytes));
      }
      for (Ed25519Key k : signers) {
        s = s.withSignature(bytes, k);
      }
      repo.writeTopLevel("summary.sig", s.serialize());
    }
    repo.writeTopLevel("summary", bytes);
  }

  public List<Entry> entries() {
    return entries;
  }

  public Map<String, GVariant.Variant> metadata() {
    return java.util.Collections.unmodifiableMap(metadata);
  }

  /** The deltas the summary lists ({@code ostree.static-deltas}): name to the SHA-256 of the superblock. */
  public Map<String, byte[]> deltas() {
    GVariant.Variant v = metadata.get(dev.caisson.store.delta.StaticDeltas.SUMMARY_KEY);
    return v == null ? Map.of() : dev.caisson.store.delta.StaticDeltas.parseIndex(v.value());
  }

  /** Whether the remote keeps per-commit delta indexes ({@code delta-indexes/}), which may list more deltas. */
  public boolean indexedDeltas() {
    GVariant.Variant v = metadata.get("ostree.summary.indexed-deltas");
    return v != null && Boolean.TRUE.equals(v.value());
  }

  public Optional<Entry> ref(String name) {
    return entries.stream().filter(e -> e.ref().equals(name)).findFirst();
  }

  public byte[] bytes() {
    return bytes.clone();
  }
}
