package dev.caisson.store;

import dev.caisson.store.gvariant.GVariant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

/**
 * Commits a directory tree: content objects for files and symlinks (hashed on every core, stored
 * only when new), a dirmeta and dirtree per directory, and the commit object, with metadata in the
 * order {@code ostree commit} writes it so that both produce the same checksum.
 */
public final class CommitWriter {
  /**
   * @param branch the ref to move to the new commit, if any
   * @param parent an explicit parent; without one, the branch's current commit is the parent
   * @param timestamp seconds since the epoch; now if absent
   * @param metadata {@code --add-metadata-string} then {@code --add-metadata} entries, in order
   * @param bindings add {@code ostree.ref-binding} (ostree's default when a branch is given)
   * @param ownerUid {@code --owner-uid}
   * @param ownerGid {@code --owner-gid}
   * @param canonical {@code --canonical-permissions}
   * @param bootable {@code --bootable}
   * @param generateSizes {@code --generate-sizes}
   */
  public record Options(Optional<String> branch, String subject, String body, Optional<ObjectId> parent,
      Optional<Long> timestamp, List<Map.Entry<String, GVariant.Variant>> metadata, boolean bindings,
      Optional<Integer> ownerUid, Optional<Integer> ownerGid, boolean canonical, boolean bootable,
      boolean generateSizes) {
    public Options {
      metadata = List.copyOf(metadata);
    }

    /** Not bootable. */
    public Options(Optional<String> branch, String subject, String body, Optional<ObjectId> parent,
        Optional<Long> timestamp, List<Map.Entry<String, GVariant.Variant>> metadata, boolean bindings,
        Optional<Integer> ownerUid, Optional<Integer> ownerGid, boolean canonical) {
      this(branch, subject, body, parent, timestamp, metadata, bindings, ownerUid, ownerGid, canonical, false, false);
    }

    /** {@code --bootable}: adds {@code ostree.bootable} and {@code ostree.linux} (the kernel version). */
    public Options withBootable(boolean on) {
      return new Options(branch, subject, body, parent, timestamp, metadata, bindings, ownerUid, ownerGid, canonical,
          on, generateSizes);
    }

    /**
     * {@code --generate-sizes}: {@code ostree.sizes} lists every object of the tree with its archived
     * and unpacked size (as ostree, only archive repositories record it).
     */
    public Options withGenerateSizes(boolean on) {
      return new Options(branch, subject, body, parent, timestamp, metadata, bindings, ownerUid, ownerGid, canonical,
          bootable, on);
    }

    public static Options of(String branch) {
      return new Options(Optional.of(branch), "", "", Optional.empty(), Optional.empty(), List.of(), true,
          Optional.empty(), Optional.empty(), false);
    }
  }

  /** The tree of a commit: its root dirtree and dirmeta. */
  public record Root(ObjectId tree, ObjectId meta) {}

  private final Repo repo;
  private final StoreListener listener;
  private boolean linkCheckoutSpeedup;
  private final java.util.concurrent.atomic.AtomicLong devinoHits = new java.util.concurrent.atomic.AtomicLong();
  private boolean statCache = true;
  private long racyWindowNs = StatCache.RACY_WINDOW_NS;
  private final java.util.concurrent.atomic.AtomicLong statCacheHits = new java.util.concurrent.atomic.AtomicLong();

  public CommitWriter(Repo repo, StoreListener listener) {
    this.repo = repo;
    this.listener = listener;
  }

  /**
   * {@code --link-checkout-speedup}: before committing a directory, index the repository's content
   * objects by (device, inode); a file that is a hard link to one of them (a checkout of this
   * repository) takes that object's checksum without being read, as long as the commit options
   * leave its metadata as the object records it (ostree's devino cache).
   */
  public CommitWriter withLinkCheckoutSpeedup(boolean on) {
    this.linkCheckoutSpeedup = on;
    return this;
  }

  /**
   * Whether {@link #commit(Path, Options)} consults and keeps the stat cache ({@code
   * REPO/caisson/statcache}, see {@link StatCache}): on by default.
   */
  public CommitWriter withStatCache(boolean on) {
    this.statCache = on;
    return this;
  }

  /**
   * How old (nanoseconds before the commit starts) a file's mtime and ctime must be for the stat
   * cache to record it; 2 s by default. Tests trust younger files with a negative window.
   */
  CommitWriter withStatCacheRacyWindow(long ns) {
    this.racyWindowNs = ns;
    return this;
  }

  /** How many files the last {@link #commit(Path, Options)} took from the stat cache, without reading them. */
  public long statCacheHits() {
    return statCacheHits.get();
  }

  /** How many files the last commits took from the devino cache ({@code ostree commit}'s "Content Cache Hits"). */
  public long devinoHits() {
    return devinoHits.get();
  }

  private record DevIno(long dev, long ino) {}

  /** Every loose {@code .file} object by (device, inode), as ostree's {@code scan_hardlinks} does. */
  private Map<DevIno, ObjectId> scanDevino() throws IOException {
    var out = new ConcurrentHashMap<DevIno, ObjectId>();
    Path objects = repo.path().resolve("objects");
    if (!Files.isDirectory(objects)) {
      return out;
    }
    try (var dirs = Files.list(objects)) {
      for (Path d : dirs.toList()) {
        String prefix = d.getFileName().toString();
        if (prefix.length() != 2) {
          continue;
        }
        try (var files = Files.list(d)) {
          for (Path f : files.toList()) {
            String n = f.getFileName().toString();
            if (!n.endsWith(".file") || n.length() != 62 + 5) {
              continue;
            }
            var a = Files.readAttributes(f, "unix:dev,ino", java.nio.file.LinkOption.NOFOLLOW_LINKS);
            out.put(new DevIno((Long) a.get("dev"), (Long) a.get("ino")), ObjectId.fromString(prefix + n.substring(0, 62)));
          }
        }
      }
    }
    return out;
  }

  /** A file's content object: from the devino cache when it is a link to an object whose metadata stands, else written. */
  private ObjectId writeOrReuse(Path p, Options o, Map<DevIno, ObjectId> cache) throws IOException {
    var a = Files.readAttributes(p, "unix:dev,ino", java.nio.file.LinkOption.NOFOLLOW_LINKS);
    ObjectId hit = cache.get(new DevIno((Long) a.get("dev"), (Long) a.get("ino")));
    if (hit == null) {
      return Content.write(repo, p, adjust(Content.stat(p), o));
    }
    // the object's own metadata: bare-user keeps it in user.ostreemeta, not on the inode
    FileMeta stored;
    if (repo.mode() == RepoMode.BARE_USER) {
      Content.Loaded l = Content.load(repo, hit);
      l.content().close();
      stored = l.meta();
    } else {
      stored = Content.stat(p);
    }
    FileMeta wanted = adjust(stored, o);
    if (wanted.equals(stored) || repo.mode() == RepoMode.BARE_USER_ONLY) {
      devinoHits.incrementAndGet();
      return hit;
    }
    return Content.write(repo, p, wanted);
  }

  public ObjectId commit(Path dir, Options o) throws IOException {
    Root root;
    statCacheHits.set(0);
    StatCache cache = statCache && !linkCheckoutSpeedup
        ? StatCache.open(repo, o, nowNs(), racyWindowNs) : null;
    try (Repo.Transaction tx = repo.begin()) {
      // --link-checkout-speedup takes some symlinks from the devino cache unread: no index then
      Map<ObjectId, String> symlinks = indexesSymlinks() && !linkCheckoutSpeedup ? new ConcurrentHashMap<>() : null;
      root = writeTree(dir, o, cache, symlinks);
      indexSymlinks(root, symlinks);
      tx.commit(); // its sync covers the index too
    }
    if (cache != null) {
      cache.save(); // after the objects it names are durable
    }
    return commit(root, o, () -> kernelVersion(dir));
  }

  /**
   * {@code --tree=tar=FILE}: commits a tar archive (gzip-compressed or not) as ostree's libarchive
   * import does: owners, modes and {@code SCHILY.xattr} attributes from the entries, timestamps
   * dropped, hard links made into the same content object, leading {@code /} and {@code ./}
   * ignored, the {@code ./} entry giving the root its metadata. A parent directory the archive
   * lacks is an error, unless {@code autocreateParents}: then it is made 0755 and owned as the entry
   * that needed it (and, as in ostree, so are the root and every ancestor on that path).
   */
  public ObjectId commitTar(Path tar, Options o, boolean autocreateParents) throws IOException {
    Root root;
    try (Repo.Transaction tx = repo.begin()) {
      Map<ObjectId, String> symlinks = indexesSymlinks() ? new HashMap<>() : null;
      root = writeTar(tar, o, autocreateParents, symlinks);
      indexSymlinks(root, symlinks);
      tx.commit();
    }
    return commit(root, o, () -> storedKernelVersion(root));
  }

  /** A directory being assembled from a tar archive: its metadata (once known) and entries. */
  private static final class TarDir {
    FileMeta meta;
    final java.util.TreeMap<String, Object> entries = new java.util.TreeMap<>(FileMeta::strcmp);
  }

  private record Hardlink(TarDir parent, String name, List<String> target) {}

  /** Whether commits record a {@link SymlinkIndex}: where symlinks are stored as regular files. */
  private boolean indexesSymlinks() {
    return repo.mode() == RepoMode.BARE_USER;
  }

  private void indexSymlinks(Root root, Map<ObjectId, String> symlinks) throws IOException {
    if (symlinks != null && SymlinkIndex.read(repo, root.tree()).isEmpty()) {
      SymlinkIndex.write(repo, root.tree(), symlinks);
    }
  }

  private Root writeTar(Path tar, Options o, boolean autocreate, Map<ObjectId, String> symlinks)
      throws IOException {
    var root = new TarDir();
    var links = new ArrayList<Hardlink>();
    int count = 0;
    try (TarReader reader = new TarReader(Files.newInputStream(tar))) {
      for (Optional<TarReader.Entry> next; (next = reader.next()).isPresent(); ) {
        TarReader.Entry e = next.get();
        List<String> parts = tarPath(e.path());
        int type = switch (e.type()) {
          case '0', '1' -> FileMeta.S_IFREG;
          case '2' -> FileMeta.S_IFLNK;
          case '5' -> FileMeta.S_IFDIR;
          default -> throw new StoreException("Unsupported file type for path \"" + e.path() + "\" in " + tar);
        };
        FileMeta meta = adjust(new FileMeta(e.uid(), e.gid(), type | e.mode(), type == FileMeta.S_IFLNK ? e.link() : "",
            e.xattrs()), o);
        if (parts.isEmpty()) {
          if (type == FileMeta.S_IFDIR) {
            root.meta = meta;
          }
          continue;
        }
        TarDir parent = tarParent(root, parts, e, autocreate, o, tar);
        String name = parts.get(parts.size() - 1);
        switch (e.type()) {
          case '5' -> {
            Object existing = parent.entries.get(name);
            TarDir dir = existing instanceof TarDir d ? d : new TarDir();
            dir.meta = meta;
            parent.entries.put(name, dir);
          }
          case '1' -> links.add(new Hardlink(parent, name, tarPath(e.link())));
          default -> {
            ObjectId id;
            if (meta.isSymlink()) {
              id = Content.writeBytes(repo, meta, new byte[0]);
              if (symlinks != null) {
                symlinks.put(id, meta.symlinkTarget());
              }
            } else if (e.size() <= 16 << 20) {
              id = Content.writeBytes(repo, meta, reader.data().readAllBytes());
            } else {
              Path tmp = repo.tempFile();
              try {
                Files.copy(reader.data(), tmp);
                id = Content.write(repo, tmp, meta);
              } finally {
                Files.deleteIfExists(tmp);
              }
            }
            parent.entries.put(name, id);
          }
        }
        if (++count % 500 == 0) {
          listener.progress("tar", count, 0);
        }
      }
    }
    for (Hardlink h : links) {
      Object target = root;
      for (String part : h.target()) {
        target = target instanceof TarDir d ? d.entries.get(part) : null;
      }
      if (!(target instanceof ObjectId id)) {
        throw new StoreException("the hard link " + h.name() + " in " + tar + " points to "
            + String.join("/", h.target()) + ", which is not an earlier file of the archive");
      }
      h.parent().entries.put(h.name(), id);
    }
    if (root.meta == null) {
      if (!autocreate) {
        throw new StoreException("Can't commit an empty tree: " + tar + " has no entry for its root directory "
            + "(./); add --tar-autocreate-parents");
      }
      root.meta = adjust(new FileMeta(0, 0, FileMeta.S_IFDIR | 0755, "", List.of()), o);
    }
    return writeTarDir(root);
  }

  /** An archive path as ostree relativizes it: leading slashes, {@code ./} and empty components dropped. */
  private static List<String> tarPath(String path) throws StoreException {
    var out = new ArrayList<String>();
    for (String c : path.split("/")) {
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        throw new StoreException("invalid path in the tar archive: " + path);
      }
      out.add(c);
    }
    return out;
  }

  private TarDir tarParent(TarDir root, List<String> parts, TarReader.Entry e, boolean autocreate, Options o,
      Path tar) throws StoreException {
    TarDir dir = root;
    boolean complete = true;
    for (int i = 0; i < parts.size() - 1 && complete; i++) {
      Object next = dir.entries.get(parts.get(i));
      if (next instanceof TarDir d) {
        dir = d;
      } else {
        complete = false;
      }
    }
    if (complete) {
      return dir;
    }
    if (!autocreate) {
      throw new StoreException("No such file or directory: " + String.join("/", parts.subList(0, parts.size() - 1))
          + " (the parent of " + e.path() + " in " + tar + "; add --tar-autocreate-parents)");
    }
    FileMeta made = adjust(new FileMeta(e.uid(), e.gid(), FileMeta.S_IFDIR | 0755, "", List.of()), o);
    root.meta = made;
    dir = root;
    for (int i = 0; i < parts.size() - 1; i++) {
      Object next = dir.entries.get(parts.get(i));
      TarDir d;
      if (next instanceof TarDir existing) {
        d = existing;
      } else if (next == null) {
        d = new TarDir();
        dir.entries.put(parts.get(i), d);
      } else {
        throw new StoreException(String.join("/", parts.subList(0, i + 1)) + " in " + tar + " is a file, not a directory");
      }
      d.meta = made;
      dir = d;
    }
    return dir;
  }

  private Root writeTarDir(TarDir dir) throws IOException {
    var tree = new DirTreeWriter();
    for (var e : dir.entries.entrySet()) {
      byte[] name = e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      if (e.getValue() instanceof TarDir sub) {
        if (sub.meta == null) {
          throw new StoreException("directory " + e.getKey() + " has no metadata");
        }
        Root r = writeTarDir(sub);
        tree.dir(name, r.tree().raw(), r.meta().raw());
      } else {
        tree.file(name, ((ObjectId) e.getValue()).raw());
      }
    }
    ObjectId treeId = repo.writeMetadata(ObjectType.DIR_TREE, tree.toBytes());
    ObjectId metaId = repo.writeMetadata(ObjectType.DIR_META, dir.meta.dirMeta());
    return new Root(treeId, metaId);
  }

  /** {@code --tree=ref=REF}: commits the tree of an existing commit again, with new metadata. */
  public ObjectId commitTreeOf(ObjectId source, Options o) throws IOException {
    Commit c = Commit.read(repo, source);
    Root root = new Root(c.rootTree(), c.rootMeta());
    return commit(root, o, () -> storedKernelVersion(root));
  }

  private interface KernelVersion {
    String get() throws IOException;
  }

  private ObjectId commit(Root root, Options o, KernelVersion kernel) throws IOException {
    Optional<ObjectId> parent = o.parent().isPresent() ? o.parent()
        : o.branch().isPresent() ? repo.ref(o.branch().get()) : Optional.empty();
    var entries = new java.util.LinkedHashMap<String, GVariant.Variant>();
    for (Map.Entry<String, GVariant.Variant> e : o.metadata()) {
      entries.put(e.getKey(), e.getValue());
    }
    if (o.bindings()) {
      // as ostree commit: an empty list when there is no branch (--orphan)
      entries.put("ostree.ref-binding", GVariant.Variant.of("as", o.branch().map(List::of).orElse(List.of())));
    }
    List<String> order = new ArrayList<>(entries.keySet());
    if (o.generateSizes() && repo.mode() == RepoMode.ARCHIVE) {
      entries.put("ostree.sizes", GVariant.Variant.of("aay", sizes(root)));
      order.add("ostree.sizes");
    }
    if (o.bootable()) {
      entries.put("ostree.bootable", GVariant.Variant.of("b", true));
      entries.put("ostree.linux", GVariant.Variant.of("s", kernel.get()));
      // ostree gathers a bootable commit's metadata in a GVariantDict: GLib's hash order
      order = GHashOrder.of(new ArrayList<>(entries.keySet()));
    }
    var metadata = new ArrayList<Object>();
    for (String k : order) {
      metadata.add(List.of(k, entries.get(k)));
    }
    long ts = o.timestamp().orElse(Instant.now().getEpochSecond());
    byte[] commit = GVariant.serialize("(a{sv}aya(say)sstayay)", List.of(metadata,
        parent.map(ObjectId::raw).orElse(new byte[0]), List.of(), o.subject(), o.body(), GVariant.be64(ts),
        root.tree().raw(), root.meta().raw()));
    ObjectId id = repo.writeMetadata(ObjectType.COMMIT, commit);
    if (o.branch().isPresent()) {
      repo.setRef(o.branch().get(), Optional.of(id));
    }
    return id;
  }

  /**
   * {@code ostree.sizes}: for every object of the tree, sorted by checksum, the checksum, then as
   * varints its size in the archive repository and its unpacked size, then its object type (1 file,
   * 2 dirtree, 3 dirmeta).
   */
  private List<byte[]> sizes(Root root) throws IOException {
    var found = new java.util.TreeMap<ObjectId, byte[]>();
    collectSizes(root.tree(), root.meta(), found);
    return new ArrayList<>(found.values());
  }

  private void collectSizes(ObjectId tree, ObjectId meta, java.util.TreeMap<ObjectId, byte[]> found)
      throws IOException {
    if (!found.containsKey(meta)) {
      long n = repo.readMetadata(meta, ObjectType.DIR_META).length;
      found.put(meta, sizeEntry(meta, n, n, 3));
    }
    if (found.containsKey(tree)) {
      return;
    }
    long n = repo.readMetadata(tree, ObjectType.DIR_TREE).length;
    found.put(tree, sizeEntry(tree, n, n, 2));
    Commit.Tree t = Commit.tree(repo, tree);
    for (ObjectId f : t.files().values()) {
      if (!found.containsKey(f)) {
        Path p = repo.objectPath(f, ObjectType.FILE);
        found.put(f, sizeEntry(f, Files.size(p), Content.unpackedSize(repo, f), 1));
      }
    }
    for (Commit.Dir d : t.dirs().values()) {
      collectSizes(d.tree(), d.meta(), found);
    }
  }

  private static byte[] sizeEntry(ObjectId id, long archived, long unpacked, int type) {
    var out = new java.io.ByteArrayOutputStream(48);
    out.writeBytes(id.raw());
    varint(out, archived);
    varint(out, unpacked);
    out.write(type);
    return out.toByteArray();
  }

  /** A protobuf-style unsigned varint, as ostree-varint writes. */
  private static void varint(java.io.ByteArrayOutputStream out, long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  /** As {@link #kernelVersion(Path)}, for a tree already in the store. */
  private String storedKernelVersion(Root root) throws IOException {
    Commit.Tree t = Commit.tree(repo, root.tree());
    for (String name : List.of("usr", "lib", "modules")) {
      Commit.Dir d = t.dirs().get(name);
      if (d == null) {
        throw new StoreException("--bootable: the tree has no usr/lib/modules");
      }
      t = Commit.tree(repo, d.tree());
    }
    for (var e : new java.util.TreeMap<>(t.dirs()).entrySet()) {
      if (Commit.tree(repo, e.getValue().tree()).files().containsKey("vmlinuz")) {
        return e.getKey();
      }
    }
    throw new StoreException("--bootable: no kernel in usr/lib/modules/*/vmlinuz");
  }

  /** The kernel version a bootable tree holds: the {@code usr/lib/modules/VERSION} with a vmlinuz. */
  private static String kernelVersion(Path dir) throws IOException {
    Path modules = dir.resolve("usr/lib/modules");
    if (Files.isDirectory(modules)) {
      for (Path p : sorted(modules)) {
        if (Files.isRegularFile(p.resolve("vmlinuz"))) {
          return p.getFileName().toString();
        }
      }
    }
    throw new StoreException("--bootable: no kernel in " + modules + "/*/vmlinuz");
  }

  private static long nowNs() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** An entry of the tree being committed, as one lstat gave it. */
  private record Entry(Path path, int mode, int uid, int gid, long size, long dev, long ino, long mtimeNs,
      long ctimeNs) {
    boolean isDir() {
      return (mode & FileMeta.S_IFMT) == FileMeta.S_IFDIR;
    }

    StatCache.Key key() {
      return new StatCache.Key(dev, ino, size, mtimeNs, ctimeNs, mode, uid, gid);
    }
  }

  /** A directory of the tree being committed: its own entry and its children, sorted as ostree sorts names. */
  private record Dir(Entry self, List<Entry> files, List<Dir> dirs) {}

  /** Stores the tree under {@code dir} and returns its root (reading every file: no stat cache). */
  public Root writeTree(Path dir, Options o) throws IOException {
    return writeTree(dir, o, null, null);
  }

  /** As {@link #writeTree(Path, Options)}, with a stat cache and, unless null, gathering the symlinks. */
  private Root writeTree(Path dir, Options o, StatCache cache, Map<ObjectId, String> symlinks) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new StoreException(dir + " is not a directory");
    }
    Repo.prepareDigests(); // while the tree is walked
    var pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
    Dir root;
    List<Entry> files;
    var ids = new ConcurrentHashMap<Path, ObjectId>();
    try {
      var found = new java.util.concurrent.ConcurrentLinkedQueue<Entry>();
      try {
        root = pool.invoke(new Walk(entry(dir), found));
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      files = new ArrayList<>(found);
      listener.progress("hashing", 0, files.size());
      Map<DevIno, ObjectId> devino = linkCheckoutSpeedup ? scanDevino() : null;
      Content.NewObjects claimed = new Content.NewObjects(repo);
      // largest first, each worker taking the next file when it is done with one: no worker idles at
      // the end while another still has a share of the list to go (a stream's split halves did)
      List<Entry> order = largestFirst(files);
      var next = new java.util.concurrent.atomic.AtomicInteger();
      // once this much of the tree is stored, the transaction's sync gets a head start, in the
      // background, while the rest is hashed (a cold commit of minbase: 0.89 s -> 0.86 s)
      long total = 0;
      for (Entry e : order) {
        total += e.size();
      }
      long headStart = total / 2;
      var stored = new java.util.concurrent.atomic.AtomicLong();
      var started = new java.util.concurrent.atomic.AtomicBoolean();
      var workers = new ArrayList<java.util.concurrent.ForkJoinTask<?>>();
      for (int w = 0; w < pool.getParallelism(); w++) {
        workers.add(pool.submit(() -> {
          // a few files per turn: the per-turn method is compiled after a few hundred turns, where a
          // loop over every file (one call per worker) would run interpreted to the end
          for (int i; (i = next.getAndAdd(TURN)) < order.size(); ) {
            try {
              int to = Math.min(order.size(), i + TURN);
              fileObjects(order, i, to, o, cache, devino, claimed, ids, symlinks);
              long bytes = 0;
              for (int j = i; j < to; j++) {
                bytes += order.get(j).size();
              }
              if (stored.addAndGet(bytes) >= headStart && started.compareAndSet(false, true)) {
                repo.syncInBackground();
              }
            } catch (IOException ex) {
              next.set(order.size()); // the others stop at their next turn
              throw new UncheckedIOException(ex);
            }
          }
        }));
      }
      for (var w : workers) {
        w.get();
      }
      listener.progress("hashing", files.size(), files.size());
      try {
        return pool.invoke(new TreeTask(root, ids, o, claimed));
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while committing " + dir);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      throw new StoreException("committing " + dir + " failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdown();
    }
  }

  /**
   * The files, largest first: each key a size (capped at 2^40) above its index, sorted as plain
   * longs (a comparator chain over 7,000 entries cost a commit of a tree it already holds 40 ms).
   */
  private static List<Entry> largestFirst(List<Entry> files) {
    if (files.size() >= 1 << 23) {
      var out = new ArrayList<>(files);
      out.sort(java.util.Comparator.comparingLong(Entry::size).reversed());
      return out;
    }
    long[] keys = new long[files.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = (Math.min(files.get(i).size(), (1L << 40) - 1) << 23) | i;
    }
    java.util.Arrays.sort(keys);
    var out = new ArrayList<Entry>(keys.length);
    for (int i = keys.length - 1; i >= 0; i--) {
      out.add(files.get((int) (keys[i] & ((1 << 23) - 1))));
    }
    return out;
  }

  /** Files a worker takes at a time. */
  private static final int TURN = 4;

  private void fileObjects(List<Entry> order, int from, int to, Options o, StatCache cache,
      Map<DevIno, ObjectId> devino, Content.NewObjects claimed, Map<Path, ObjectId> ids,
      Map<ObjectId, String> symlinks) throws IOException {
    for (int i = from; i < to; i++) {
      Entry e = order.get(i);
      ids.put(e.path(), fileObject(e, o, cache, devino, claimed, symlinks));
    }
  }

  /** One file's content object: from the devino or stat cache when they know it, else hashed and stored. */
  private ObjectId fileObject(Entry e, Options o, StatCache cache, Map<DevIno, ObjectId> devino,
      Content.NewObjects claimed, Map<ObjectId, String> symlinks) throws IOException {
    Path p = e.path();
    if (devino != null) {
      return writeOrReuse(p, o, devino);
    }
    boolean regular = (e.mode() & FileMeta.S_IFMT) == FileMeta.S_IFREG;
    StatCache.Key key = cache != null && regular ? e.key() : null;
    ObjectId id = key != null ? cache.lookup(key) : null;
    if (id != null && repo.has(id, ObjectType.FILE)) {
      statCacheHits.incrementAndGet();
    } else {
      FileMeta meta = adjust(Content.stat(p, e.mode(), e.uid(), e.gid()), o);
      id = Content.commitFile(repo, p, meta, e.size(), claimed);
      if (symlinks != null && meta.isSymlink()) {
        symlinks.put(id, meta.symlinkTarget());
      }
    }
    if (key != null) {
      cache.record(key, id);
    }
    return id;
  }

  private static Entry entry(Path p) throws IOException {
    var a = Files.readAttributes(p, "unix:mode,uid,gid,size,dev,ino,lastModifiedTime,ctime",
        java.nio.file.LinkOption.NOFOLLOW_LINKS);
    return new Entry(p, (Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"), (Long) a.get("size"),
        (Long) a.get("dev"), (Long) a.get("ino"), nanos(a.get("lastModifiedTime")), nanos(a.get("ctime")));
  }

  private static long nanos(Object fileTime) {
    return ((java.nio.file.attribute.FileTime) fileTime).to(java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /**
   * Lists the tree once (one lstat per entry), directories on every core, gathering its files and
   * symlinks in {@code out} (in no particular order).
   */
  private static final class Walk extends java.util.concurrent.RecursiveTask<Dir> {
    private final Entry dir;
    private final java.util.Queue<Entry> out;

    Walk(Entry dir, java.util.Queue<Entry> out) {
      this.dir = dir;
      this.out = out;
    }

    @Override
    protected Dir compute() {
      try {
        var files = new ArrayList<Entry>();
        var subs = new ArrayList<Walk>();
        for (Path p : sorted(dir.path())) {
          Entry e = entry(p);
          int type = e.mode() & FileMeta.S_IFMT;
          if (type == FileMeta.S_IFDIR) {
            subs.add(new Walk(e, out));
          } else if (type == FileMeta.S_IFREG || type == FileMeta.S_IFLNK) {
            files.add(e);
            out.add(e);
          } else {
            throw new StoreException(p + ": only regular files, symlinks and directories can be committed "
                + "(empty /dev of a bootstrapped tree first)");
          }
        }
        invokeAll(subs);
        var dirs = new ArrayList<Dir>(subs.size());
        for (Walk w : subs) {
          dirs.add(w.join());
        }
        return new Dir(dir, files, dirs);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private FileMeta adjust(FileMeta m, Options o) {
    int uid = o.ownerUid().orElse(m.uid());
    int gid = o.ownerGid().orElse(m.gid());
    if (o.canonical() || repo.mode() == RepoMode.BARE_USER_ONLY) {
      int perm = m.isSymlink() ? 0777 : m.mode() & 0755;
      return new FileMeta(0, 0, (m.mode() & FileMeta.S_IFMT) | perm, m.symlinkTarget(), List.of());
    }
    return new FileMeta(uid, gid, m.mode(), m.symlinkTarget(), m.xattrs());
  }

  /** Writes a directory's dirtree and dirmeta, its subdirectories' first (on every core). */
  private final class TreeTask extends java.util.concurrent.RecursiveTask<Root> {
    private final Dir dir;
    private final Map<Path, ObjectId> ids;
    private final Options o;
    private final Content.NewObjects claimed;

    TreeTask(Dir dir, Map<Path, ObjectId> ids, Options o, Content.NewObjects claimed) {
      this.dir = dir;
      this.ids = ids;
      this.o = o;
      this.claimed = claimed;
    }

    @Override
    protected Root compute() {
      var subs = new ArrayList<TreeTask>(dir.dirs().size());
      for (Dir d : dir.dirs()) {
        subs.add(new TreeTask(d, ids, o, claimed));
      }
      invokeAll(subs);
      try {
        var tree = new DirTreeWriter();
        for (Entry e : dir.files()) {
          tree.file(utf8(e.path().getFileName()), ids.get(e.path()).raw());
        }
        for (TreeTask t : subs) {
          Root sub = t.join();
          tree.dir(utf8(t.dir.self().path().getFileName()), sub.tree().raw(), sub.meta().raw());
        }
        ObjectId treeId = claimed.writeMetadata(ObjectType.DIR_TREE, tree.toBytes());
        Entry self = dir.self();
        ObjectId metaId = claimed.writeMetadata(ObjectType.DIR_META,
            adjust(Content.stat(self.path(), self.mode(), self.uid(), self.gid()), o).dirMeta());
        return new Root(treeId, metaId);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static byte[] utf8(Path name) {
    return name.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private record Named(Path path, byte[] name) {}

  /** A directory's entries in strcmp order of their UTF-8 names (each name encoded once). */
  private static List<Path> sorted(Path dir) throws IOException {
    var named = new ArrayList<Named>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        named.add(new Named(p, p.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      }
    }
    named.sort((a, b) -> java.util.Arrays.compareUnsigned(a.name(), b.name()));
    var out = new ArrayList<Path>(named.size());
    for (Named n : named) {
      out.add(n.path());
    }
    return out;
  }
}
