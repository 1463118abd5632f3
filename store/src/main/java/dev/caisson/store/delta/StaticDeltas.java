package dev.caisson.store.delta;

import dev.caisson.store.GHashOrder;
import dev.caisson.store.ObjectId;
import dev.caisson.store.ObjectType;
import dev.caisson.store.Repo;
import dev.caisson.store.StoreException;
import dev.caisson.store.StoreListener;
import dev.caisson.store.gvariant.GVariant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** The static deltas a repository holds under {@code deltas/}: listing, reading, applying, deleting, indexing. */
public final class StaticDeltas {
  public static final String SUMMARY_KEY = "ostree.static-deltas";

  private StaticDeltas() {}

  /** Every delta with a superblock, in directory order (the order ostree meets them in). */
  public static List<DeltaName> list(Repo repo) throws IOException {
    Path deltas = repo.path().resolve("deltas");
    var out = new ArrayList<DeltaName>();
    if (!Files.isDirectory(deltas)) {
      return out;
    }
    try (Stream<Path> first = Files.list(deltas)) {
      for (Path a : first.toList()) {
        if (!Files.isDirectory(a)) {
          continue;
        }
        try (Stream<Path> second = Files.list(a)) {
          for (Path b : second.toList()) {
            if (Files.isDirectory(b) && Files.isRegularFile(b.resolve("superblock"))) {
              out.add(DeltaName.fromDirs(a.getFileName().toString(), b.getFileName().toString()));
            }
          }
        }
      }
    }
    return out;
  }

  public static boolean exists(Repo repo, DeltaName name) {
    return Files.isRegularFile(repo.path().resolve(name.file("superblock")));
  }

  public static byte[] superblockBytes(Repo repo, DeltaName name) throws IOException {
    Path p = repo.path().resolve(name.file("superblock"));
    if (!Files.isRegularFile(p)) {
      throw new StoreException("no static delta " + name + " in " + repo.path());
    }
    return Files.readAllBytes(p);
  }

  public static Superblock read(Repo repo, DeltaName name) throws IOException {
    return Superblock.parse(superblockBytes(repo, name));
  }

  /** Removes a delta's directory (superblock first, so a half-deleted delta is never listed). */
  public static void delete(Repo repo, DeltaName name) throws IOException {
    Path dir = repo.path().resolve(name.dir());
    if (!Files.isDirectory(dir)) {
      throw new StoreException("no static delta " + name + " in " + repo.path());
    }
    Files.deleteIfExists(dir.resolve("superblock"));
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
    Path parent = dir.getParent();
    try (Stream<Path> s = Files.list(parent)) {
      if (s.findAny().isEmpty()) {
        Files.deleteIfExists(parent);
      }
    }
  }

  /** The summary's (and indexes') {@code a{sv}}: delta name to the SHA-256 of its superblock, in GLib hash order. */
  public static List<Object> digests(Repo repo, List<DeltaName> names) throws IOException {
    var byName = new LinkedHashMap<String, byte[]>();
    for (DeltaName n : names) {
      byName.put(n.name(), Repo.sha256(superblockBytes(repo, n)));
    }
    var out = new ArrayList<Object>();
    for (String k : GHashOrder.of(new ArrayList<>(byName.keySet()))) {
      out.add(List.of(k, GVariant.Variant.of("ay", byName.get(k))));
    }
    return out;
  }

  /**
   * Rewrites {@code delta-indexes/}: one {@code a{sv}} file per target commit listing the deltas
   * to it, as {@code ostree summary -u} does; stale indexes are removed, and {@code core.indexed-deltas}
   * is set in the config so that ostree knows to look for them.
   */
  public static void reindex(Repo repo) throws IOException {
    var byTo = new LinkedHashMap<ObjectId, List<DeltaName>>();
    for (DeltaName n : list(repo)) {
      byTo.computeIfAbsent(n.to(), t -> new ArrayList<>()).add(n);
    }
    Path indexes = repo.path().resolve("delta-indexes");
    if (Files.isDirectory(indexes)) {
      try (Stream<Path> s = Files.walk(indexes)) {
        for (Path p : s.filter(Files::isRegularFile).toList()) {
          String rel = repo.path().relativize(p).toString();
          if (byTo.keySet().stream().noneMatch(t -> DeltaName.indexPath(t).equals(rel))) {
            Files.delete(p);
          }
        }
      }
    }
    for (var e : byTo.entrySet()) {
      List<DeltaName> froms = new ArrayList<>(e.getValue());
      // sorted on from, scratch first, as ostree does (g_strcmp0)
      froms.sort(Comparator.comparing((DeltaName n) -> n.from().map(ObjectId::name).orElse("")));
      byte[] index = GVariant.serialize("a{sv}", List.of(List.of(SUMMARY_KEY,
          GVariant.Variant.of("a{sv}", digests(repo, froms)))));
      String rel = DeltaName.indexPath(e.getKey());
      Path p = repo.path().resolve(rel);
      if (!Files.isRegularFile(p) || !Arrays.equals(Files.readAllBytes(p), index)) {
        repo.writeRepoFile(rel, index);
      }
    }
    Path config = repo.path().resolve("config");
    String text = Files.readString(config);
    if (!byTo.isEmpty() && !text.contains("indexed-deltas=")) {
      int core = text.indexOf("[core]\n");
      String updated = core < 0 ? text : text.substring(0, core + 7) + "indexed-deltas=true\n" + text.substring(core + 7);
      repo.writeRepoFile("config", updated.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The deltas an index file (or a summary's {@code ostree.static-deltas}) lists: name to superblock digest. */
  @SuppressWarnings("unchecked")
  public static Map<String, byte[]> parseIndex(Object staticDeltas) {
    var out = new LinkedHashMap<String, byte[]>();
    for (Object o : (List<Object>) staticDeltas) {
      List<Object> kv = (List<Object>) o;
      if (((GVariant.Variant) kv.get(1)).value() instanceof byte[] digest) {
        out.put((String) kv.get(0), digest);
      }
    }
    return out;
  }

  /** Where a delta's parts come from: a directory, or a remote. */
  @FunctionalInterface
  public interface PartSource {
    byte[] part(int index) throws IOException;
  }

  /**
   * Applies a delta directory (or its superblock file) offline, as {@code ostree static-delta
   * apply-offline} does: the from commit must be here; fallbacks make it refuse. Returns the new commit.
   */
  public static ObjectId applyOffline(Repo repo, Path dirOrSuperblock, StoreListener listener) throws IOException {
    Path superblock = Files.isDirectory(dirOrSuperblock) ? dirOrSuperblock.resolve("superblock") : dirOrSuperblock;
    Superblock sb = Superblock.parse(Files.readAllBytes(superblock));
    if (!sb.fallbacks().isEmpty()) {
      throw new DeltaException("cannot apply delta " + sb.name() + " offline: it lists " + sb.fallbacks().size()
          + " fallback objects, which only a pull can fetch");
    }
    Path dir = superblock.getParent();
    apply(repo, sb, i -> Files.readAllBytes(dir.resolve(Integer.toString(i))), listener);
    return sb.to();
  }

  /**
   * Writes the new commit (and its detached metadata, when the superblock carries it), then runs
   * every part whose objects are not all here yet, on all cores; parts are checked against the
   * checksums the superblock lists (inline parts are covered by the superblock's own checksum).
   * The commit is marked partial until every part has run; fallbacks are the caller's job.
   */
  public static void apply(Repo repo, Superblock sb, PartSource parts, StoreListener listener) throws IOException {
    if (sb.from().isPresent() && !repo.has(sb.from().get(), ObjectType.COMMIT)) {
      throw new DeltaException("commit " + sb.from().get() + ", which delta " + sb.name()
          + " starts from, is not in the repository");
    }
    if (!ObjectId.fromRaw(Repo.sha256(sb.commit())).equals(sb.to())) {
      throw new DeltaException("the commit in delta " + sb.name() + " does not hash to " + sb.to());
    }
    Path partial = repo.path().resolve("state").resolve(sb.to().name() + ".commitpartial");
    boolean had = repo.has(sb.to(), ObjectType.COMMIT) && !Files.exists(partial);
    if (!had) {
      Files.createDirectories(partial.getParent());
      Files.write(partial, new byte[0]);
      Optional<GVariant.Variant> detached = sb.meta(sb.name().file("commitmeta"));
      if (detached.isPresent()) {
        repo.writeDetachedMetadata(sb.to(), GVariant.serialize("a{sv}", detached.get().value()));
      }
      repo.writeMetadata(ObjectType.COMMIT, sb.commit());
    }
    var done = new AtomicLong();
    int n = sb.parts().size();
    try (Repo.Transaction tx = repo.begin()) {
      try {
        IntStream.range(0, n).parallel().forEach(i -> {
          try {
            runPart(repo, sb, i, parts);
            listener.progress("delta", done.incrementAndGet(), n);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      tx.commit();
    }
    if (!had && sb.fallbacks().isEmpty()) {
      Files.deleteIfExists(partial);
    }
  }

  private static void runPart(Repo repo, Superblock sb, int i, PartSource parts) throws IOException {
    Superblock.PartHeader h = sb.parts().get(i);
    if (h.version() > 0) {
      throw new DeltaException("delta part " + i + " has version " + h.version() + ", newer than this reader");
    }
    boolean all = true;
    for (Superblock.Ref r : h.objects()) {
      if (!repo.has(r.id(), r.type())) {
        all = false;
        break;
      }
    }
    if (all) {
      return;
    }
    byte[] file;
    Optional<GVariant.Variant> inline = sb.meta(sb.name().file(Integer.toString(i)));
    if (inline.isPresent()) {
      List<?> v = (List<?>) inline.get().value();
      byte[] data = (byte[]) v.get(1);
      file = new byte[data.length + 1];
      file[0] = (Byte) v.get(0);
      System.arraycopy(data, 0, file, 1, data.length);
    } else {
      file = parts.part(i);
      if (!Arrays.equals(Repo.sha256(file), h.checksum())) {
        throw new DeltaException("delta part " + i + " of " + sb.name() + " does not match its checksum; refusing it");
      }
    }
    new PartExecutor(repo, h.objects(), DeltaPart.open(file)).run();
  }
}
