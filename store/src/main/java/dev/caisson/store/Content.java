package dev.caisson.store;

import dev.caisson.store.gvariant.GVariant;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/** Reads file metadata from disk, and stores and loads content objects in each repository mode. */
public final class Content {
  static final String OSTREEMETA = "ostreemeta";

  private Content() {}

  /** A file's metadata as lstat and its user.* xattrs give it. */
  public static FileMeta stat(Path p) throws IOException {
    var a = Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
    return stat(p, (Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"));
  }

  /** As {@link #stat(Path)}, with the lstat fields already read. */
  static FileMeta stat(Path p, int mode, int uid, int gid) throws IOException {
    String target = (mode & FileMeta.S_IFMT) == FileMeta.S_IFLNK ? Files.readSymbolicLink(p).toString() : "";
    return new FileMeta(uid, gid, mode, target, xattrs(p, mode));
  }

  /**
   * Which content objects a commit still has to write: each once (for the first of its files that
   * claims it), and only those the repository lacks, asked of a {@link Repo#presence} snapshot (a
   * commit into an empty repository then makes no stat per object; two failed stats each were 8%
   * of a cold commit's CPU).
   */
  static final class NewObjects {
    private final java.util.Set<ObjectId> claimed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    // a set per type, keyed by checksum: a record key's generated hashCode costs its first use 15 ms
    private final java.util.Set<ObjectId> claimedTrees = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Set<ObjectId> claimedMetas = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Repo repo;
    private final Repo.Presence presence;

    NewObjects(Repo repo) throws IOException {
      this.repo = repo;
      this.presence = repo.presence();
    }

    /** True for the first caller with a content object the repository lacks: that caller writes it. */
    boolean claim(ObjectId id) {
      return claimed.add(id) && !presence.has(id, ObjectType.FILE);
    }

    /** Stores a dirtree or dirmeta unless the repository has it or another caller claimed it first. */
    ObjectId writeMetadata(ObjectType type, byte[] bytes) throws IOException {
      ObjectId id = ObjectId.fromRaw(Repo.sha256(bytes));
      java.util.Set<ObjectId> claimed = switch (type) {
        case DIR_TREE -> claimedTrees;
        case DIR_META -> claimedMetas;
        default -> throw new IllegalArgumentException("not a tree's metadata: " + type);
      };
      if (claimed.add(id) && !presence.has(id, type)) {
        repo.storeMetadata(id, type, bytes);
      }
      return id;
    }
  }

  /** Files up to this size are committed from one read into a per-thread buffer. */
  private static final int WHOLE = 8 << 20;
  /**
   * A direct buffer per thread: the file is read into it and written from it with no copy through
   * the JDK's own temporary direct buffers (a heap array costs a copy each way, 400 MB for minbase);
   * the digest takes it in 4 KiB chunks.
   */
  private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(256 << 10));

  /**
   * Stores a file of a tree being committed, reading it once: its bytes are hashed and, when the
   * object is new (not {@code claimed} by another file of this commit, not in the repository),
   * written from the same buffer. Larger files are hashed, then copied.
   */
  static ObjectId commitFile(Repo repo, Path source, FileMeta meta, long size, NewObjects claimed)
      throws IOException {
    if (meta.isSymlink() || size > WHOLE) {
      ObjectId id = checksum(source, meta);
      if (claimed.claim(id)) {
        store(repo, id, meta.isSymlink() ? FromBuffer.of(new byte[0], 0, 0) : new FromPath(source), meta);
      }
      return id;
    }
    ByteBuffer buf = BUFFER.get();
    if (buf.capacity() <= size) {
      buf = ByteBuffer.allocateDirect((int) Math.max(size + 1, buf.capacity() * 2L));
      BUFFER.set(buf);
    }
    // one byte more than the size stat gave: filling it means the file grew while we read it
    int room = (int) size + 1;
    buf.clear().limit(room);
    try (FileChannel ch = FileChannel.open(source, StandardOpenOption.READ)) {
      while (buf.hasRemaining() && ch.read(buf) >= 0) {
        // until the end of the file, or the room is full
      }
    }
    if (buf.position() == room) {
      return commitFile(repo, source, meta, WHOLE + 1L, claimed);
    }
    buf.flip();
    java.security.MessageDigest d = Repo.digest();
    byte[] header = meta.fileHeader();
    d.update(ByteBuffer.allocate(8).putInt(header.length).putInt(0).array());
    d.update(header);
    d.update(buf.duplicate());
    ObjectId id = ObjectId.fromRaw(d.digest());
    if (claimed.claim(id)) {
      store(repo, id, new FromBuffer(buf), meta);
    }
    return id;
  }

  private static List<FileMeta.Xattr> xattrs(Path p, int mode) throws IOException {
    var out = new ArrayList<FileMeta.Xattr>();
    if ((mode & FileMeta.S_IFMT) == FileMeta.S_IFLNK) {
      return out;
    }
    UserDefinedFileAttributeView view = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
    if (view == null) {
      return out;
    }
    try {
      for (String name : view.list()) {
        ByteBuffer buf = ByteBuffer.allocate(view.size(name));
        view.read(name, buf);
        out.add(new FileMeta.Xattr("user." + name, buf.array()));
      }
    } catch (IOException e) {
      // filesystems without user xattrs: nothing to record
    }
    return out;
  }

  /** The content object's checksum for a file on disk with the given metadata. */
  public static ObjectId checksum(Path p, FileMeta meta) throws IOException {
    byte[] header = meta.fileHeader();
    if (meta.isSymlink()) {
      return Repo.contentChecksum(header, null);
    }
    try (InputStream in = Files.newInputStream(p)) {
      return Repo.contentChecksum(header, in);
    }
  }

  /** Stores a content object for {@code source} (unless present) and returns its checksum. */
  public static ObjectId write(Repo repo, Path source, FileMeta meta) throws IOException {
    ObjectId id = checksum(source, meta);
    if (!repo.has(id, ObjectType.FILE)) {
      store(repo, id, source, meta);
    }
    return id;
  }

  static void store(Repo repo, ObjectId id, Path source, FileMeta meta) throws IOException {
    store(repo, id, new FromPath(source), meta);
  }

  /**
   * Stores a content object whose bytes are in memory (a delta's payload), refused unless the
   * header and bytes hash to {@code expected}; a no-op when the object is already there.
   */
  public static void writeVerified(Repo repo, ObjectId expected, FileMeta meta, byte[] data, int offset, int length)
      throws IOException {
    java.security.MessageDigest d = Repo.digest();
    byte[] header = meta.fileHeader();
    d.update(ByteBuffer.allocate(8).putInt(header.length).putInt(0).array());
    d.update(header);
    if (!meta.isSymlink()) {
      d.update(data, offset, length);
    }
    if (!ObjectId.fromRaw(d.digest()).equals(expected)) {
      throw new StoreException("content object " + expected + " does not hash to its name; refusing it");
    }
    if (!repo.has(expected, ObjectType.FILE)) {
      store(repo, expected, FromBuffer.of(data, offset, meta.isSymlink() ? 0 : length), meta);
    }
  }

  /** Stores a content object from bytes in memory (a tar entry; nothing for a symlink) and returns its checksum. */
  public static ObjectId writeBytes(Repo repo, FileMeta meta, byte[] data) throws IOException {
    byte[] content = meta.isSymlink() ? new byte[0] : data;
    ObjectId id = Repo.contentChecksum(meta.fileHeader(), meta.isSymlink() ? null
        : new java.io.ByteArrayInputStream(content));
    if (!repo.has(id, ObjectType.FILE)) {
      store(repo, id, FromBuffer.of(content, 0, content.length), meta);
    }
    return id;
  }

  /** Where a stored object's bytes come from. */
  private sealed interface Source permits FromPath, FromBuffer {
    void copyTo(FileChannel out) throws IOException;

    long size() throws IOException;

    InputStream open() throws IOException;
  }

  private record FromPath(Path path) implements Source {
    public void copyTo(FileChannel out) throws IOException {
      try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
        for (long at = 0, n; (n = in.transferTo(at, Long.MAX_VALUE, out)) > 0; ) {
          at += n; // sendfile, in the kernel, until the end of the file
        }
      }
    }

    public long size() throws IOException {
      return Files.size(path);
    }

    public InputStream open() throws IOException {
      return Files.newInputStream(path);
    }
  }

  /**
   * The bytes between a buffer's position and limit (which it leaves as they are): a direct buffer
   * of the thread's, or an array in memory wrapped.
   */
  private record FromBuffer(ByteBuffer data) implements Source {
    static FromBuffer of(byte[] bytes, int offset, int length) {
      return new FromBuffer(ByteBuffer.wrap(bytes, offset, length));
    }

    public void copyTo(FileChannel out) throws IOException {
      for (ByteBuffer b = data.duplicate(); b.hasRemaining(); ) {
        out.write(b);
      }
    }

    public long size() {
      return data.remaining();
    }

    public InputStream open() {
      ByteBuffer b = data.duplicate();
      return new InputStream() {
        @Override
        public int read() {
          return b.hasRemaining() ? b.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int off, int len) {
          java.util.Objects.checkFromIndexSize(off, len, into.length);
          if (len == 0) {
            return 0;
          }
          if (!b.hasRemaining()) {
            return -1;
          }
          int n = Math.min(len, b.remaining());
          b.get(into, off, n);
          return n;
        }
      };
    }
  }

  private static void store(Repo repo, ObjectId id, Source source, FileMeta meta) throws IOException {
    if (repo.writeStaged(id, ObjectType.FILE, p -> writeObject(repo, p, source, meta))) {
      return;
    }
    Path tmp = repo.tempFile();
    Path target = repo.writePath(id, ObjectType.FILE);
    writeObject(repo, tmp, source, meta);
    if (repo.syncEach() && (!meta.isSymlink() || repo.mode() == RepoMode.ARCHIVE
        || repo.mode() == RepoMode.BARE_USER)) {
      sync(tmp);
    }
    repo.rename(tmp, target);
  }

  /** Creates {@code p} (which must not exist) as the repository's mode stores the object. */
  private static void writeObject(Repo repo, Path p, Source source, FileMeta meta) throws IOException {
    switch (repo.mode()) {
      case ARCHIVE -> writeFilez(p, source, meta);
      case BARE_USER -> {
        int mode = (meta.isSymlink() ? 0644 : meta.mode() & 0775) | 0400;
        // as ostree writes a symlink: the target and a NUL
        byte[] target = meta.isSymlink() ? (meta.symlinkTarget() + "\0").getBytes(StandardCharsets.UTF_8) : null;
        Source s = target != null ? FromBuffer.of(target, 0, target.length) : source;
        try (FileChannel out = repo.createNew(p, mode)) {
          s.copyTo(out);
        }
        zeroMtime(p);
        Files.getFileAttributeView(p, UserDefinedFileAttributeView.class)
            .write(OSTREEMETA, ByteBuffer.wrap(meta.dirMeta()));
        repo.finishMode(p, mode); // last: a mode without owner write would refuse the two above
      }
      case BARE_USER_ONLY -> {
        if (meta.isSymlink()) {
          Files.createSymbolicLink(p, Path.of(meta.symlinkTarget()));
        } else {
          try (FileChannel out = repo.createNew(p, meta.mode() & 0755)) {
            source.copyTo(out);
          }
          zeroMtime(p);
          repo.finishMode(p, meta.mode() & 0755);
        }
      }
      case BARE -> {
        if (meta.isSymlink()) {
          Files.createSymbolicLink(p, Path.of(meta.symlinkTarget()));
        } else {
          try (FileChannel out = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            source.copyTo(out);
          }
          zeroMtime(p);
        }
        // owner first: chown clears setuid and setgid bits
        Files.setAttribute(p, "unix:uid", meta.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", meta.gid(), LinkOption.NOFOLLOW_LINKS);
        if (!meta.isSymlink()) {
          Files.setAttribute(p, "unix:mode", meta.mode() & 07777);
          var view = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
          for (FileMeta.Xattr x : meta.xattrs()) {
            if (x.name().startsWith("user.")) {
              view.write(x.name().substring(5), ByteBuffer.wrap(x.value()));
            }
          }
        }
      }
    }
  }

  private static final java.nio.file.attribute.FileTime EPOCH = java.nio.file.attribute.FileTime.fromMillis(0);

  /**
   * A bare mode's regular file objects have mtime 0, as ostree writes them: hard-linked checkouts
   * then show the same time on every machine (tools that compare mtimes, and the JVM's class-data
   * archive check of its jars, see the same file everywhere). Set while the temp file is still
   * readable by its owner.
   */
  private static void zeroMtime(Path p) throws IOException {
    Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class).setTimes(EPOCH, EPOCH, null);
  }

  private static void sync(Path p) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  /**
   * The zlib level of new {@code .filez} objects. ostree writes level 6; any valid raw deflate
   * stream names the same object (the checksum is of the uncompressed content) and ostree reads it.
   * The bench's minbase tree's files under 8 MiB (160 MiB) deflate, one after another on one core,
   * at level 1 in 1.69 s to 66.3 MiB, level 2 1.91 s / 65.0 MiB, level 3 2.30 s / 64.2 MiB, level
   * 4 2.45 s / 62.5 MiB (2026-12-04, java.util.zip.Deflater over each file): level 1 costs 3% more
   * bytes for 27% less CPU, and zlib is 41% of an archive commit's CPU.
   */
  static final int FILEZ_LEVEL = 1;
  /** Files bigger than this are probed first; one whose probe does not compress is stored. */
  private static final int PROBE = 64 << 10;
  /** A raw deflater per thread, reset for each object rather than made and ended. */
  private static final ThreadLocal<Deflater> DEFLATER = ThreadLocal.withInitial(() -> new Deflater(FILEZ_LEVEL, true));
  private static final ThreadLocal<byte[]> PROBE_BUFFER = ThreadLocal.withInitial(() -> new byte[PROBE]);
  /**
   * The order-0 entropy (bits per byte) above which a file's first 64 KiB count as already
   * compressed. On the bench's minbase tree this picks the same 434 of the 435 files over 64 KiB as
   * asking zlib's fastest level whether it saves 5% (the one other, a GPG keyring at 7.97 bits,
   * would have saved 6%), for a seventh of the CPU (0.07 s against 0.48 s over the tree).
   */
  static final double STORED_ENTROPY = 7.5;

  /**
   * Whether a file's first 64 KiB look already compressed (a kernel, an initramfs, compressed
   * data): then the object is written as stored deflate blocks, which costs at most 5 bytes per
   * 64 KiB more than deflating it and no CPU.
   */
  private static boolean incompressible(Source source, long size) throws IOException {
    if (size <= PROBE) {
      return false;
    }
    byte[] probe;
    int off;
    if (source instanceof FromBuffer b && b.data().hasArray()) {
      probe = b.data().array();
      off = b.data().arrayOffset() + b.data().position();
    } else {
      probe = PROBE_BUFFER.get();
      off = 0;
      try (InputStream in = source.open()) {
        if (in.readNBytes(probe, 0, PROBE) < PROBE) {
          return false;
        }
      }
    }
    return entropy(probe, off, PROBE) > STORED_ENTROPY;
  }

  /** Shannon entropy of the bytes' frequencies, in bits per byte. */
  static double entropy(byte[] b, int off, int len) {
    int[] counts = new int[256];
    for (int i = off; i < off + len; i++) {
      counts[b[i] & 0xff]++;
    }
    double bits = 0;
    for (int c : counts) {
      if (c > 0) {
        double q = (double) c / len;
        bits -= q * Math.log(q);
      }
    }
    return bits / Math.log(2);
  }

  /** {@code .filez}: length-prefixed {@code (tuuuusa(ayay))} header, then raw deflate of the content. */
  private static void writeFilez(Path tmp, Source source, FileMeta meta) throws IOException {
    long size = meta.isSymlink() ? 0 : source.size();
    byte[] header = GVariant.serialize("(tuuuusa(ayay))", List.of(GVariant.be64(size), GVariant.be32(meta.uid()),
        GVariant.be32(meta.gid()), GVariant.be32(meta.mode()), 0, meta.symlinkTarget(), meta.xattrValue()));
    try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
      out.write(ByteBuffer.allocate(8).putInt(header.length).putInt(0).array());
      out.write(header);
      if (!meta.isSymlink()) {
        Deflater deflater = DEFLATER.get();
        deflater.reset();
        deflater.setLevel(incompressible(source, size) ? Deflater.NO_COMPRESSION : FILEZ_LEVEL);
        try (var z = new DeflaterOutputStream(new NonClosing(out), deflater, 65536); InputStream in =
            source.open()) {
          in.transferTo(z);
        }
      }
    }
  }

  /** Objects at most this big (unpacked) are imported in memory; larger ones through a temp file. */
  private static final long IN_MEMORY = 64L << 20;

  /**
   * As {@link #importFilez(Repo, ObjectId, Path)}, for an object fetched into memory: inflated,
   * hashed and stored without a temp copy of the download or of its content.
   */
  public static void importFilez(Repo repo, ObjectId id, byte[] filez) throws IOException {
    importFilez(repo, id, filez, filez.length);
  }

  /** As {@link #importFilez(Repo, ObjectId, byte[])}, for an object in the first {@code filezLength} bytes of a buffer. */
  public static void importFilez(Repo repo, ObjectId id, byte[] filez, int filezLength) throws IOException {
    if (filezLength < 8 || filezLength > filez.length) {
      throw new StoreException("file object " + id + " is truncated");
    }
    int len = ByteBuffer.wrap(filez, 0, 8).getInt();
    if (len < 0 || len > 1 << 20 || 8L + len > filezLength) {
      throw new StoreException("file object " + id + " has a malformed header");
    }
    FilezHeader h = filezHeader(id, filez, 8, len);
    long size = h.size();
    if (size < 0 || size > IN_MEMORY) {
      Path tmp = repo.tempFile();
      try {
        try (OutputStream out = Files.newOutputStream(tmp)) {
          out.write(filez, 0, filezLength);
        }
        importFilez(repo, id, tmp);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return;
    }
    FileMeta meta = h.meta();
    int length = meta.isSymlink() ? 0 : (int) size;
    // inflated into a direct buffer the thread keeps (a fresh array per object was zeroed first,
    // for nothing, a pull's garbage made the young collections copy what was in flight, and a heap
    // array is copied again into the JDK's own direct buffer to be written)
    ByteBuffer content;
    if (length <= REUSED) {
      content = INFLATED.get();
      if (content.capacity() < length) {
        content = ByteBuffer.allocateDirect(Math.min(REUSED, Math.max(length, content.capacity() * 2)));
        INFLATED.set(content);
      }
      content.clear().limit(length);
    } else {
      content = ByteBuffer.allocate(length);
    }
    if (!meta.isSymlink()) {
      Inflater inflater = INFLATER.get();
      inflater.reset();
      try {
        inflater.setInput(filez, 8 + len, filezLength - 8 - len);
        while (content.hasRemaining()) {
          int r = inflater.inflate(content);
          if (r == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
            break;
          }
        }
        if (content.hasRemaining() || !inflater.finished() && inflater.inflate(new byte[1]) != 0) {
          throw new StoreException("the remote served a corrupted file object " + id
              + ": its content is not the size its header gives; refusing it");
        }
      } catch (java.util.zip.DataFormatException e) {
        throw new StoreException("the remote served a corrupted file object " + id + ": " + e.getMessage()
            + "; refusing it");
      }
    }
    content.flip();
    checkContent(id, meta, content);
    if (repo.mode() == RepoMode.ARCHIVE) {
      Path tmp = repo.tempFile();
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        out.write(filez, 0, filezLength);
      }
      if (repo.syncEach()) {
        sync(tmp);
      }
      Files.setAttribute(tmp, "unix:mode", 0644);
      repo.rename(tmp, repo.writePath(id, ObjectType.FILE));
    } else {
      store(repo, id, new FromBuffer(content), meta);
    }
  }

  /** A {@code .filez} header: the content's size and the file's metadata. */
  record FilezHeader(long size, FileMeta meta) {}

  /**
   * Parses the {@code (tuuuusa(ayay))} header of a {@code .filez} object at {@code bytes[from, from + len)}.
   * A regular file without xattrs, nearly every object, has a 26-byte header (the size, four
   * numbers, an empty string's NUL, no array, the string's end as the one framing offset): read
   * directly; anything else goes through the GVariant parser.
   */
  static FilezHeader filezHeader(ObjectId id, byte[] bytes, int from, int len) throws StoreException {
    if (len == 26 && bytes[from + 24] == 0 && bytes[from + 25] == 25) {
      ByteBuffer b = ByteBuffer.wrap(bytes, from, len);
      long size = b.getLong();
      return new FilezHeader(size, new FileMeta(b.getInt(), b.getInt(), b.getInt(), "", List.of()));
    }
    List<Object> v;
    try {
      v = castList(GVariant.parse("(tuuuusa(ayay))", java.util.Arrays.copyOfRange(bytes, from, from + len)));
    } catch (RuntimeException e) {
      throw new StoreException("file object " + id + " has a malformed header: " + e.getMessage());
    }
    return new FilezHeader(GVariant.be64((Long) v.get(0)), new FileMeta(GVariant.be32((Integer) v.get(1)),
        GVariant.be32((Integer) v.get(2)), GVariant.be32((Integer) v.get(3)), (String) v.get(5),
        FileMeta.xattrs(castList(v.get(6)))));
  }

  /** Objects up to this size are inflated into the thread's reused buffer, grown as needed. */
  private static final int REUSED = 4 << 20;
  private static final ThreadLocal<ByteBuffer> INFLATED = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(256 << 10));
  /** A raw inflater per thread, reset for each object. */
  private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(() -> new Inflater(true));

  private static void checkContent(ObjectId id, FileMeta meta, ByteBuffer content) throws StoreException {
    java.security.MessageDigest d = Repo.digest();
    byte[] header = meta.fileHeader();
    d.update(ByteBuffer.allocate(8).putInt(header.length).putInt(0).array());
    d.update(header);
    d.update(content.duplicate());
    if (!ObjectId.fromRaw(d.digest()).equals(id)) {
      throw new StoreException("the remote served a corrupted file object " + id
          + ": its checksum does not match; refusing it");
    }
  }

  /**
   * Imports a {@code .filez} object fetched from an archive repository: it must hash to {@code id}
   * (header and decompressed content), else it is refused and nothing is stored.
   */
  public static void importFilez(Repo repo, ObjectId id, Path filez) throws IOException {
    FileMeta meta;
    Path content = filez.resolveSibling(filez.getFileName() + ".content");
    try {
      try (InputStream in = Files.newInputStream(filez)) {
        byte[] prefix = in.readNBytes(8);
        if (prefix.length != 8) {
          throw new StoreException("file object " + id + " is truncated");
        }
        int len = ByteBuffer.wrap(prefix).getInt();
        if (len < 0 || len > 1 << 20) {
          throw new StoreException("file object " + id + " has a malformed header");
        }
        byte[] header = in.readNBytes(len);
        List<Object> v;
        try {
          v = castList(GVariant.parse("(tuuuusa(ayay))", header));
        } catch (RuntimeException e) {
          throw new StoreException("file object " + id + " has a malformed header: " + e.getMessage());
        }
        meta = new FileMeta(GVariant.be32((Integer) v.get(1)), GVariant.be32((Integer) v.get(2)),
            GVariant.be32((Integer) v.get(3)), (String) v.get(5), FileMeta.xattrs(castList(v.get(6))));
        if (!meta.isSymlink()) {
          try (InputStream z = new InflaterInputStream(in, new Inflater(true), 65536)) {
            Files.copy(z, content);
          } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new StoreException("the remote served a corrupted file object " + id + ": " + e.getMessage()
                + "; refusing it");
          }
        }
      }
      if (!checksum(content, meta).equals(id)) {
        throw new StoreException("the remote served a corrupted file object " + id
            + ": its checksum does not match; refusing it");
      }
      if (repo.mode() == RepoMode.ARCHIVE) {
        Path tmp = repo.tempFile();
        Files.copy(filez, tmp);
        repo.rename(tmp, repo.writePath(id, ObjectType.FILE));
      } else {
        store(repo, id, content, meta);
      }
    } finally {
      Files.deleteIfExists(content);
    }
  }

  /** A content object as stored: its metadata and a stream of its bytes (empty for symlinks). */
  public record Loaded(FileMeta meta, InputStream content) {}

  /** Opens a content object, whatever the repository's mode. */
  public static Loaded load(Repo repo, ObjectId id) throws IOException {
    Path p = repo.objectPath(id, ObjectType.FILE);
    if (repo.mode() == RepoMode.BARE_USER) {
      try {
        return loadBareUser(p);
      } catch (NoSuchFileException e) {
        throw new StoreException("missing file object " + id);
      }
    }
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      throw new StoreException("missing file object " + id);
    }
    switch (repo.mode()) {
      case ARCHIVE: {
        InputStream in = Files.newInputStream(p);
        byte[] prefix = in.readNBytes(8);
        int len = ByteBuffer.wrap(prefix).getInt();
        byte[] header = in.readNBytes(len);
        @SuppressWarnings("unchecked")
        List<Object> v = (List<Object>) GVariant.parse("(tuuuusa(ayay))", header);
        var meta = new FileMeta(GVariant.be32((Integer) v.get(1)), GVariant.be32((Integer) v.get(2)),
            GVariant.be32((Integer) v.get(3)), (String) v.get(5), FileMeta.xattrs(castList(v.get(6))));
        if (meta.isSymlink()) {
          in.close();
          return new Loaded(meta, InputStream.nullInputStream());
        }
        return new Loaded(meta, new InflaterInputStream(in, new Inflater(true), 65536));
      }
      case BARE_USER:
        return loadBareUser(p);
      default: {
        FileMeta m = stat(p);
        if (repo.mode() == RepoMode.BARE_USER_ONLY) {
          m = new FileMeta(0, 0, m.mode(), m.symlinkTarget(), List.of());
        }
        return new Loaded(m, m.isSymlink() ? InputStream.nullInputStream() : Files.newInputStream(p));
      }
    }
  }

  /**
   * A bare-user object's {@code user.ostreemeta} value, read into a buffer that fits any usual value
   * (one open and getxattr; the exact size is asked only when it does not fit).
   */
  static byte[] bareUserMeta(Path p) throws IOException {
    var view = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
    ByteBuffer buf = ByteBuffer.allocate(1024);
    try {
      view.read(OSTREEMETA, buf);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (java.nio.file.FileSystemException e) {
      buf = ByteBuffer.allocate(view.size(OSTREEMETA)); // larger than 1 KiB (many xattrs), or absent
      view.read(OSTREEMETA, buf);
    }
    return java.util.Arrays.copyOf(buf.array(), buf.position());
  }

  /** A bare-user object: its real metadata from the xattr, then its bytes. */
  private static Loaded loadBareUser(Path p) throws IOException {
    FileMeta m = FileMeta.parseDirMeta(bareUserMeta(p), "");
    if (m.isSymlink()) {
      String target = Files.readString(p).replaceAll("\0+$", "");
      return new Loaded(new FileMeta(m.uid(), m.gid(), m.mode(), target, m.xattrs()), InputStream.nullInputStream());
    }
    return new Loaded(m, Files.newInputStream(p));
  }

  @SuppressWarnings("unchecked")
  private static List<Object> castList(Object o) {
    return (List<Object>) o;
  }

  /** A content object's size unpacked: the file's length, or a symlink target's length. */
  public static long unpackedSize(Repo repo, ObjectId id) throws IOException {
    Loaded l = load(repo, id);
    l.content().close();
    if (l.meta().isSymlink()) {
      return l.meta().symlinkTarget().getBytes(StandardCharsets.UTF_8).length;
    }
    if (repo.mode() == RepoMode.ARCHIVE) {
      try (InputStream in = Files.newInputStream(repo.objectPath(id, ObjectType.FILE))) {
        byte[] prefix = in.readNBytes(8);
        byte[] header = in.readNBytes(ByteBuffer.wrap(prefix).getInt());
        return GVariant.be64((Long) ((List<?>) GVariant.parse("(tuuuusa(ayay))", header)).get(0));
      }
    }
    return Files.size(repo.objectPath(id, ObjectType.FILE));
  }

  /** Reads a whole object back and checks that it hashes to its name. */
  public static boolean verify(Repo repo, ObjectId id) throws IOException {
    Loaded l = load(repo, id);
    try (InputStream in = l.content()) {
      return Repo.contentChecksum(l.meta().fileHeader(), l.meta().isSymlink() ? null : in).equals(id);
    }
  }

  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  static byte[] readAll(InputStream in) throws IOException {
    var out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }
}
