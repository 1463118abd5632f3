package dev.caisson.store.transport;

import dev.caisson.store.Commit;
import dev.caisson.store.Content;
import dev.caisson.store.ObjectId;
import dev.caisson.store.ObjectType;
import dev.caisson.store.Repo;
import dev.caisson.store.RepoMode;
import dev.caisson.store.StoreException;
import dev.caisson.store.StoreListener;
import dev.caisson.store.Summary;
import dev.caisson.store.delta.DeltaName;
import dev.caisson.store.delta.StaticDeltas;
import dev.caisson.store.delta.Superblock;
import dev.caisson.store.gvariant.GVariant;
import dev.caisson.store.sign.Ed25519Key;
import dev.caisson.store.sign.GpgKeyring;
import dev.caisson.store.sign.Signatures;
import dev.caisson.store.sign.TrustedKeys;
import dev.caisson.store.transport.ObjectPack.Wanted;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pulls a commit and everything it references from an archive repository served over HTTP (ours,
 * or any static server in front of an ostree repo). Requests run in parallel on kept-alive
 * connections with retries and backoff; every object is checked against its checksum before it is
 * stored; the commit is marked {@code state/COMMIT.commitpartial} until all its objects are in, so a
 * killed pull is resumed (objects already fetched are kept) and never mistaken for complete.
 */
public final class Puller {
  private static final int ATTEMPTS = 4;

  private final Repo repo;
  private final URI base;
  private HttpClient http; // made on first use: an http:// pull without redirects never needs it
  private final Http11 plain; // for http:// remotes; the JDK client serves https:// and redirects
  private final StoreListener listener;
  private final AtomicLong fetched = new AtomicLong();
  private final AtomicLong objectRequests = new AtomicLong();
  private final AtomicLong packRequests = new AtomicLong();
  /** Whether to ask for packs: until the server shows it has no such endpoint. */
  private volatile boolean packs;
  private Summary verifiedSummary;
  private Optional<byte[]> plainSummary; // fetched once per puller: parents pulled with --depth reuse it

  /**
   * Which signatures a pull demands: Ed25519 keys for commits ({@code sign-verify}) and for the
   * summary ({@code sign-verify-summary}); an empty list turns that check off.
   */
  public record Verification(List<Ed25519Key> commitKeys, List<Ed25519Key> summaryKeys,
      Optional<GpgKeyring> gpg, Optional<GpgKeyring> gpgSummary) {
    public static final Verification NONE = new Verification(List.of(), List.of(), Optional.empty(), Optional.empty());

    public Verification(List<Ed25519Key> commitKeys, List<Ed25519Key> summaryKeys) {
      this(commitKeys, summaryKeys, Optional.empty(), Optional.empty());
    }

    public Verification(List<Ed25519Key> commitKeys, List<Ed25519Key> summaryKeys, Optional<GpgKeyring> gpg) {
      this(commitKeys, summaryKeys, gpg, Optional.empty());
    }

    /** Whether the summary must carry a valid signature (Ed25519 or GPG) before anything is taken from it. */
    boolean summarySigned() {
      return !summaryKeys.isEmpty() || gpgSummary.isPresent();
    }

    /** From a remote's config keys, as ostree names them (Ed25519 only). */
    public static Verification of(String remote, java.util.Map<String, String> config) throws IOException {
      return new Verification(
          TrustedKeys.on(config, "sign-verify") ? TrustedKeys.of(remote, config) : List.of(),
          TrustedKeys.on(config, "sign-verify-summary") ? TrustedKeys.of(remote, config) : List.of());
    }

    /**
     * As {@link #of(String, java.util.Map)}, plus GPG: commits must carry a valid {@code ostree.gpgsigs}
     * signature by a key in {@code REPO/REMOTE.trustedkeys.gpg} when {@code gpg-verify=true}, or when
     * that keyring exists and {@code gpg-verify} is not set to false.
     */
    public static Verification of(Repo repo, String remote, java.util.Map<String, String> config) throws IOException {
      Verification v = of(remote, config);
      Path keyring = repo.path().resolve(remote + ".trustedkeys.gpg");
      Optional<GpgKeyring> summaryKeyring = Optional.empty();
      if (TrustedKeys.on(config, "gpg-verify-summary")) {
        if (!Files.isRegularFile(keyring)) {
          throw new StoreException("remote '" + remote + "' has gpg-verify-summary=true but no keyring: import one "
              + "with caisson repo remote add --gpg-import=FILE, or put it at " + keyring);
        }
        summaryKeyring = Optional.of(GpgKeyring.load(List.of(keyring)));
        v = new Verification(v.commitKeys(), v.summaryKeys(), v.gpg(), summaryKeyring);
      }
      String gpgVerify = config.get("gpg-verify");
      boolean explicit = TrustedKeys.on(config, "gpg-verify");
      boolean off = gpgVerify != null && !explicit;
      if (off || (!explicit && !Files.isRegularFile(keyring))) {
        return v;
      }
      if (!Files.isRegularFile(keyring)) {
        throw new StoreException("remote '" + remote + "' has gpg-verify=true but no keyring: import one with "
            + "caisson repo remote add --gpg-import=FILE, or put it at " + keyring);
      }
      return new Verification(v.commitKeys(), v.summaryKeys(), Optional.of(GpgKeyring.load(List.of(keyring))),
          summaryKeyring);
    }
  }

  private final Verification verification;

  public Puller(Repo repo, URI base, StoreListener listener) {
    this(repo, base, listener, Verification.NONE);
  }

  public Puller(Repo repo, URI base, StoreListener listener, Verification verification) {
    this.verification = verification;
    this.repo = repo;
    this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    this.listener = listener;
    this.plain = "http".equalsIgnoreCase(this.base.getScheme()) && this.base.getHost() != null
        ? new Http11(this.base) : null;
    this.packs = plain != null;
  }

  /** Fetches {@code ref}, or the commit a checksum names; returns the commit. */
  public ObjectId pull(String refOrCommit, Optional<String> storeRefAs) throws IOException {
    Repo.prepareDigests();
    ObjectId commit;
    if (ObjectId.isValid(refOrCommit)) {
      commit = ObjectId.fromString(refOrCommit);
    } else if (verification.summarySigned()) {
      commit = verifiedSummary().ref(refOrCommit)
          .orElseThrow(() -> new StoreException("the remote's summary has no ref '" + refOrCommit + "'")).commit();
    } else {
      String body = new String(get("refs/heads/" + refOrCommit)
          .orElseThrow(() -> new StoreException("the remote has no ref '" + refOrCommit + "'")), StandardCharsets.US_ASCII)
          .strip();
      if (!ObjectId.isValid(body)) {
        throw new StoreException("the remote's ref '" + refOrCommit + "' does not hold a checksum");
      }
      commit = ObjectId.fromString(body);
    }
    Path partial = repo.path().resolve("state").resolve(commit.name() + ".commitpartial");
    Files.createDirectories(partial.getParent());
    boolean complete = repo.has(commit, ObjectType.COMMIT) && !Files.exists(partial);
    boolean verifying = !verification.commitKeys().isEmpty() || verification.gpg().isPresent();
    // a static delta to the commit, from one we have or from nothing, replaces the object fetches
    Optional<Superblock> delta = complete ? Optional.empty() : findDelta(commit);
    if (!complete || verifying) {
      // detached metadata first, as ostree fetches it: with verification on, the commit is checked
      // against its signatures before it is stored
      Optional<byte[]> meta = delta.flatMap(sb -> sb.meta(sb.name().file("commitmeta")))
          .map(v -> GVariant.serialize("a{sv}", v.value()));
      if (meta.isEmpty() && (delta.isEmpty() || verifying)) {
        meta = get(new Wanted(commit, ObjectType.COMMIT_META).path());
      }
      byte[] commitBytes = repo.has(commit, ObjectType.COMMIT) ? repo.readMetadata(commit, ObjectType.COMMIT)
          : delta.isPresent() ? delta.get().commit() : verifiedBytes(commit, ObjectType.COMMIT);
      if (!ObjectId.fromRaw(Repo.sha256(commitBytes)).equals(commit)) {
        throw new StoreException("the remote's commit " + commit + " does not hash to its name; refusing it");
      }
      if (!verification.commitKeys().isEmpty()) {
        if (meta.isEmpty() || Signatures.parse(meta.get()).ed25519().isEmpty()) {
          throw new StoreException("commit " + commit + " is not signed, and the remote requires signatures "
              + "(sign-verify); refusing it");
        }
        if (Signatures.parse(meta.get()).verifiedBy(commitBytes, verification.commitKeys()).isEmpty()) {
          throw new StoreException("commit " + commit + " has no valid signature by a trusted ed25519 key; refusing it");
        }
      }
      if (verification.gpg().isPresent()) {
        var sigs = meta.isPresent() ? Signatures.parse(meta.get()).gpg() : List.<byte[]>of();
        if (sigs.isEmpty()) {
          throw new StoreException("commit " + commit + " has no GPG signature, and the remote requires one "
              + "(gpg-verify); refusing it");
        }
        if (verification.gpg().get().verify(commitBytes, sigs).isEmpty()) {
          throw new StoreException("commit " + commit + " has no valid GPG signature by a trusted key; refusing it");
        }
      }
      if (!complete) {
        Files.write(partial, new byte[0]);
      }
      if (meta.isPresent()) {
        repo.writeDetachedMetadata(commit, meta.get());
      }
      repo.writeMetadata(ObjectType.COMMIT, commitBytes);
    }
    if (!complete) {
      if (delta.isPresent()) {
        applyDelta(delta.get());
      }
      Commit c = Commit.read(repo, commit);
      try (Rolling tx = new Rolling()) {
        fetchFiles(walk(c.rootTree(), c.rootMeta()), tx);
        tx.commit();
      }
      Files.deleteIfExists(partial);
    }
    if (storeRefAs.isPresent()) {
      repo.setRef(storeRefAs.get(), Optional.of(commit));
    }
    return commit;
  }

  /**
   * The delta to {@code commit} the remote offers, if any: from the newest complete commit we have
   * that one starts from, else from nothing. The remote's summary lists deltas, and so do its
   * {@code delta-indexes/} (which ostree prefers, as they may list more); the superblock must hash
   * to the digest listed for it.
   */
  private Optional<Superblock> findDelta(ObjectId commit) throws IOException {
    Summary summary;
    if (verification.summarySigned()) {
      summary = verifiedSummary();
    } else {
      if (plainSummary == null) {
        plainSummary = get("summary").map(b -> b);
      }
      if (plainSummary.isEmpty()) {
        return Optional.empty();
      }
      summary = Summary.parse(plainSummary.get());
    }
    Map<String, byte[]> offered = new LinkedHashMap<>(summary.deltas());
    if (summary.indexedDeltas()) {
      Optional<byte[]> index = get(DeltaName.indexPath(commit));
      if (index.isPresent()) {
        try {
          for (Object o : (List<?>) GVariant.parse("a{sv}", index.get())) {
            List<?> kv = (List<?>) o;
            if (kv.get(0).equals(StaticDeltas.SUMMARY_KEY)) {
              offered.putAll(StaticDeltas.parseIndex(((GVariant.Variant) kv.get(1)).value()));
            }
          }
        } catch (RuntimeException e) {
          throw new StoreException("the remote's delta index for " + commit + " is malformed: " + e.getMessage());
        }
      }
    }
    DeltaName best = null;
    long bestTime = Long.MIN_VALUE;
    for (String n : offered.keySet()) {
      DeltaName name;
      try {
        name = DeltaName.parse(n);
      } catch (StoreException e) {
        continue;
      }
      if (!name.to().equals(commit)) {
        continue;
      }
      if (name.from().isEmpty()) {
        if (best == null) {
          best = name;
        }
        continue;
      }
      ObjectId from = name.from().get();
      if (repo.has(from, ObjectType.COMMIT)
          && !Files.exists(repo.path().resolve("state").resolve(from.name() + ".commitpartial"))) {
        long t = Commit.read(repo, from).timestamp();
        if (best == null || best.from().isEmpty() || t > bestTime) {
          best = name;
          bestTime = t;
        }
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    String superblock = best.file("superblock");
    byte[] bytes = get(superblock).orElseThrow(() -> new StoreException(
        "the remote lists a static delta it does not serve (" + superblock + ")"));
    if (!java.util.Arrays.equals(Repo.sha256(bytes), offered.get(best.name()))) {
      throw new StoreException("the remote's static delta " + best.name()
          + " does not match the checksum its summary lists; refusing it");
    }
    Superblock sb = Superblock.parse(bytes);
    if (!sb.to().equals(commit) || !sb.from().equals(best.from())) {
      throw new StoreException("the remote's static delta " + best.name() + " leads elsewhere; refusing it");
    }
    return Optional.of(sb);
  }

  /** Runs the delta's parts (fetched in parallel, each checked against its listed checksum), then its fallbacks. */
  private void applyDelta(Superblock sb) throws IOException {
    StaticDeltas.apply(repo, sb, i -> get(sb.name().file(Integer.toString(i))).orElseThrow(
        () -> new StoreException("the remote is missing part " + i + " of static delta " + sb.name())), listener);
    var ids = new ArrayList<ObjectId>();
    for (Superblock.Fallback f : sb.fallbacks()) {
      if (f.type() == ObjectType.FILE) {
        ids.add(f.id());
      } else {
        fetchMetadata(f.id(), f.type());
      }
    }
    try (Rolling tx = new Rolling()) {
      fetchFiles(ids, tx);
      tx.commit();
    }
  }

  /**
   * How many objects this puller has asked the remote for, one by one or in packs (static delta
   * parts not counted).
   */
  public long objectRequests() {
    return objectRequests.get();
  }

  /** How many packs of objects ({@link ObjectPack}) this puller has asked for. */
  public long packRequests() {
    return packRequests.get();
  }

  /** Whether the remote has this commit object (a HEAD-like GET; histories may be pruned there). */
  public boolean has(ObjectId commit) throws IOException {
    return repo.has(commit, ObjectType.COMMIT) && !Files.exists(
        repo.path().resolve("state").resolve(commit.name() + ".commitpartial"))
        || get(new Wanted(commit, ObjectType.COMMIT).path()).isPresent();
  }

  /** The remote's summary, checked against summary.sig. */
  public Summary verifiedSummary() throws IOException {
    if (verifiedSummary != null) {
      return verifiedSummary;
    }
    byte[] sig = get("summary.sig").orElseThrow(() -> new StoreException(
        "the remote has no summary.sig, and its summary must be signed (sign-verify-summary or gpg-verify-summary); "
            + "refusing it"));
    byte[] summary = get("summary").orElseThrow(() -> new StoreException("the remote has no summary"));
    Signatures sigs = Signatures.parse(sig);
    if (!verification.summaryKeys().isEmpty() && sigs.verifiedBy(summary, verification.summaryKeys()).isEmpty()) {
      throw new StoreException("the remote's summary has no valid signature by a trusted ed25519 key; refusing it");
    }
    if (verification.gpgSummary().isPresent()) {
      if (sigs.gpg().isEmpty()) {
        throw new StoreException("the remote's summary has no GPG signature, and the remote requires one "
            + "(gpg-verify-summary); refusing it");
      }
      if (verification.gpgSummary().get().verify(summary, sigs.gpg()).isEmpty()) {
        throw new StoreException("the remote's summary has no valid GPG signature by a trusted key; refusing it");
      }
    }
    verifiedSummary = Summary.parse(summary);
    return verifiedSummary;
  }

  /**
   * Fetches the dirtrees and dirmetas under a root, a level of the tree at a time with parallel
   * requests (in packs where the server offers them), into the open transaction, which the file
   * objects then join (its commit adopts whole the XX/ directories they all staged); returns the
   * file objects the trees name, each once.
   */
  private List<ObjectId> walk(ObjectId rootTree, ObjectId rootMeta) throws IOException {
    var files = new LinkedHashSet<ObjectId>();
    var seen = new HashSet<ObjectId>(List.of(rootTree));
    var seenMetas = new HashSet<ObjectId>();
    // what the repository held when the walk began; each tree and dirmeta is then asked once
    Repo.Presence presence = repo.presence();
    List<ObjectId> level = List.of(rootTree);
    List<ObjectId> metas = List.of(rootMeta);
    while (!level.isEmpty()) {
      var trees = new ConcurrentHashMap<ObjectId, Commit.Tree>();
      var wanted = new ArrayList<Wanted>();
      for (ObjectId id : level) {
        if (presence.has(id, ObjectType.DIR_TREE)) { // the local copy, from a pull that was cut short
          trees.put(id, Commit.parseTree(id, repo.readMetadata(id, ObjectType.DIR_TREE)));
        } else {
          wanted.add(new Wanted(id, ObjectType.DIR_TREE));
        }
      }
      for (ObjectId id : metas) {
        if (seenMetas.add(id) && !presence.has(id, ObjectType.DIR_META)) {
          wanted.add(new Wanted(id, ObjectType.DIR_META));
        }
      }
      fetchEach(wanted, (w, buffer, length) -> {
        byte[] bytes = java.util.Arrays.copyOf(buffer, length);
        verify(w, bytes);
        repo.storeMetadata(w.id(), w.type(), bytes);
        if (w.type() == ObjectType.DIR_TREE) {
          trees.put(w.id(), Commit.parseTree(w.id(), bytes));
        }
      });
      var next = new ArrayList<ObjectId>();
      var nextMetas = new LinkedHashSet<ObjectId>();
      for (ObjectId id : level) {
        Commit.Tree t = trees.get(id);
        files.addAll(t.files().values());
        for (Commit.Dir d : t.dirs().values()) {
          if (seen.add(d.tree())) {
            next.add(d.tree());
          }
          nextMetas.add(d.meta());
        }
      }
      level = next;
      metas = new ArrayList<>(nextMetas);
    }
    return new ArrayList<>(files);
  }

  private interface IoConsumer<T> {
    void accept(T t) throws IOException;
  }

  /**
   * What is done with an object's bytes as they arrive, the first {@code length} of {@code bytes}
   * (unverified: the action checks them; the buffer is reused once it returns).
   */
  private interface ObjectAction {
    void accept(Wanted w, byte[] bytes, int length) throws IOException;
  }

  /** Runs {@code action} on every item, eight requests at a time. */
  private <T> void parallel(List<T> items, IoConsumer<T> action) throws IOException {
    if (items.isEmpty()) {
      return;
    }
    var pool = new ForkJoinPool(8);
    try {
      pool.submit(() -> items.parallelStream().forEach(item -> {
        try {
          action.accept(item);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      })).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("pull interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw new StoreException("pull failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdown();
    }
  }

  /** Objects per pack: enough that a pull of thousands takes dozens of requests, few enough to spread them over the workers. */
  private static final int PACK = 128;
  /** The largest object a pack may carry: one array's worth, as for a GET's body. */
  private static final long MAX_PACKED = Integer.MAX_VALUE - 16;

  /**
   * Fetches {@code wanted}: in packs from a server that offers Caisson's batched fetch, else (or
   * when a pack fails) one GET per object, with its retries; hands each object to {@code action}.
   */
  private void fetchEach(List<Wanted> wanted, ObjectAction action) throws IOException {
    fetchEach(wanted, w -> false, action);
  }

  /** Whether an object is there already (checked by the workers, just before they would ask for it). */
  private interface Present {
    boolean test(Wanted w) throws IOException;
  }

  /** As {@link #fetchEach(List, ObjectAction)}, leaving out the objects {@code present} says are there. */
  private void fetchEach(List<Wanted> wanted, Present present, ObjectAction action) throws IOException {
    if (packs) {
      var chunks = new ArrayList<List<Wanted>>();
      for (int from = 0; from < wanted.size(); from += PACK) {
        chunks.add(wanted.subList(from, Math.min(wanted.size(), from + PACK)));
      }
      parallel(chunks, chunk -> {
        var missing = new ArrayList<Wanted>(chunk.size());
        for (Wanted w : chunk) {
          if (!present.test(w)) {
            missing.add(w);
          }
        }
        if (!missing.isEmpty()) {
          fetchPack(missing, action);
        }
      });
    } else {
      parallel(wanted, w -> {
        if (!present.test(w)) {
          fetchOne(w, action);
        }
      });
    }
  }

  /** One pack; what it could not bring (a server without the endpoint, a dropped connection) comes one by one. */
  private void fetchPack(List<Wanted> chunk, ObjectAction action) throws IOException {
    int done = 0;
    if (packs) {
      objectRequests.addAndGet(chunk.size());
      packRequests.incrementAndGet();
      try (Http11.Streamed r = plain.post(base.resolve(ObjectPack.PATH), ObjectPack.CONTENT_TYPE,
          ObjectPack.encode(chunk))) {
        if (r.status() != 200) {
          packs = false; // a static server, or an older one: it answers each object's GET
        } else {
          var in = new java.io.DataInputStream(r.body());
          for (Wanted w : chunk) {
            long length = in.readLong();
            if (length < 0) {
              throw w.missing();
            }
            if (length > MAX_PACKED) {
              throw new StoreException("the remote's pack holds " + w.path() + " of " + length
                  + " bytes; refusing it");
            }
            byte[] bytes = packBuffer((int) length);
            if (in.readNBytes(bytes, 0, (int) length) != length) {
              throw new java.io.EOFException("the pack ended inside " + w.path());
            }
            action.accept(w, bytes, (int) length);
            done++;
          }
          if (r.body().read() >= 0) {
            throw new StoreException("the remote's pack holds more than the " + chunk.size() + " objects asked for");
          }
        }
      } catch (StoreException e) {
        throw e;
      } catch (IOException e) {
        // the connection failed: what is still missing comes by GET, with retries
      }
    }
    for (Wanted w : chunk.subList(done, chunk.size())) {
      fetchOne(w, action);
    }
  }

  private void fetchOne(Wanted w, ObjectAction action) throws IOException {
    byte[] bytes = get(w.path()).orElseThrow(w::missing);
    action.accept(w, bytes, bytes.length);
  }

  /** Largest object read into a worker's reused buffer; bigger ones get an array of their own. */
  private static final int REUSED = 4 << 20;
  /** A worker's buffer for objects read from a pack, grown as needed up to {@link #REUSED}. */
  private final ThreadLocal<byte[]> packBuffer = ThreadLocal.withInitial(() -> new byte[64 << 10]);

  private byte[] packBuffer(int length) {
    if (length > REUSED) {
      return new byte[length];
    }
    byte[] b = packBuffer.get();
    if (b.length < length) {
      b = new byte[Math.min(REUSED, Math.max(length, b.length * 2))];
      packBuffer.set(b);
    }
    return b;
  }

  /** A metadata object is refused unless it hashes to its name. */
  private static void verify(Wanted w, byte[] bytes) throws StoreException {
    if (!ObjectId.fromRaw(Repo.sha256(bytes)).equals(w.id())) {
      throw new StoreException("the remote served a corrupted " + w.type().extension(RepoMode.ARCHIVE) + " object "
          + w.id() + ": its checksum does not match; refusing it");
    }
  }

  private void fetchMetadata(ObjectId id, ObjectType type) throws IOException {
    if (repo.has(id, type)) {
      return;
    }
    repo.writeMetadata(type, verifiedBytes(id, type));
  }

  /** A metadata object from the remote, refused unless it hashes to its name. */
  private byte[] verifiedBytes(ObjectId id, ObjectType type) throws IOException {
    Wanted w = new Wanted(id, type);
    byte[] bytes = get(w.path()).orElseThrow(w::missing);
    verify(w, bytes);
    return bytes;
  }

  /**
   * How long a pull fetches into one transaction before it commits and opens the next: a kill loses
   * at most about this much work, and each commit costs a sync (a pull of minbase's 6,400 objects
   * over loopback takes one, and four when it committed every 2,048 objects: 0.13 s more).
   */
  private static final long TX_NANOS = 2_000_000_000L;
  /** Objects fetched between checks of {@link #TX_NANOS}: enough packs to keep every worker busy. */
  private static final int GROUP = 4096;

  /** The transactions a pull's objects go into, one after another. */
  private final class Rolling implements AutoCloseable {
    private Repo.Transaction tx;
    private long started = System.nanoTime();

    Rolling() throws IOException {
      tx = repo.begin();
    }

    /** Commits and opens the next transaction when this one has run long enough. */
    void checkpoint() throws IOException {
      if (System.nanoTime() - started >= TX_NANOS) {
        tx.commit();
        tx = repo.begin();
        started = System.nanoTime();
      }
    }

    void commit() throws IOException {
      tx.commit();
    }

    @Override
    public void close() throws IOException {
      tx.close();
    }
  }

  /** Counts a file object in (fetched, or found there) for the progress report; true. */
  private boolean counted(long total) {
    long n = fetched.incrementAndGet();
    if (n % 200 == 0 || n == total) {
      listener.progress("pull", n, total);
    }
    return true;
  }

  private void fetchFiles(List<ObjectId> ids, Rolling tx) throws IOException {
    long total = ids.size();
    // half-way, the transaction's sync gets a head start in the background (see CommitWriter)
    var headStart = new java.util.concurrent.atomic.AtomicBoolean();
    for (int from = 0; from < ids.size(); from += GROUP) {
      var wanted = new ArrayList<Wanted>();
      for (ObjectId id : ids.subList(from, Math.min(ids.size(), from + GROUP))) {
        wanted.add(Wanted.file(id));
      }
      Repo.Presence presence = repo.presence();
      fetchEach(wanted, w -> presence.has(w.id(), ObjectType.FILE) && counted(total), (w, filez, length) -> {
        Content.importFilez(repo, w.id(), filez, length);
        counted(total);
        if (fetched.get() >= total / 2 && headStart.compareAndSet(false, true)) {
          repo.syncInBackground();
        }
      });
      tx.checkpoint();
    }
  }

  private synchronized HttpClient jdkClient() {
    if (http == null) {
      http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30))
          .followRedirects(HttpClient.Redirect.NORMAL).build();
    }
    return http;
  }

  /** GETs a path under the base; empty on 404; retries other failures with backoff. */
  Optional<byte[]> get(String path) throws IOException {
    if (path.startsWith("objects/")) {
      objectRequests.incrementAndGet();
    }
    URI uri = base.resolve(path);
    IOException last = null;
    boolean redirected = false;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        if (plain != null && !redirected) {
          Http11.Response r = plain.get(uri);
          if (r.status() == 404) {
            return Optional.empty();
          }
          if (r.status() == 200) {
            return Optional.of(r.body());
          }
          if (r.status() / 100 == 3) {
            redirected = true; // the JDK client follows redirects: ask it, at once
            attempt--;
            continue;
          }
          throw new StoreException("GET " + uri + ": HTTP " + r.status());
        }
        HttpResponse<byte[]> r = jdkClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) {
          return Optional.empty();
        }
        if (r.statusCode() == 200) {
          return Optional.of(r.body());
        }
        last = new StoreException("GET " + uri + ": HTTP " + r.statusCode());
      } catch (IOException e) {
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted fetching " + uri);
      }
      try {
        Thread.sleep(200L << attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted fetching " + uri);
      }
    }
    throw new StoreException("cannot fetch " + uri + " after " + ATTEMPTS + " attempts: " + last.getMessage(), last);
  }
}
