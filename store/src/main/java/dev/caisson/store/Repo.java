package dev.caisson.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A repository in OSTree's on-disk format: {@code config}, loose objects under
 * {@code objects/XX/}, refs under {@code refs/heads/}. Every write goes to {@code tmp/} first,
 * is synced (unless the repo is opened with fsync off), and is renamed into place, so a killed
 * writer leaves at most a stray temp file, never a half-written object or ref.
 */
public final class Repo {
  private final Path path;
  private final Path objects;
  private final RepoMode mode;
  private boolean fsync = true;
  private volatile Path staging;

  private Repo(Path path, RepoMode mode) {
    this.path = path;
    this.objects = path.resolve("objects");
    this.mode = mode;
  }

  public static Repo init(Path path, RepoMode mode) throws IOException {
    Path config = path.resolve("config");
    if (Files.exists(config)) {
      Repo existing = open(path);
      if (existing.mode != mode) {
        throw new StoreException(path + " is already a " + existing.mode.configName() + " repository");
      }
      return existing;
    }
    for (String d : List.of("objects", "tmp/cache", "refs/heads", "refs/remotes", "refs/mirrors", "extensions",
        "state")) {
      Files.createDirectories(path.resolve(d));
    }
    var repo = new Repo(path, mode);
    repo.writeFile(config, ("[core]\nrepo_version=1\nmode=" + mode.configName() + "\n")
        .getBytes(StandardCharsets.UTF_8));
    return repo;
  }

  public static Repo open(Path path) throws IOException {
    Path config = path.resolve("config");
    if (!Files.isRegularFile(config)) {
      throw new StoreException(path + " is not a repository (no config file); create one with: caisson repo init");
    }
    String mode = KeyFile.parse(Files.readString(config)).get("core", "mode");
    if (mode == null) {
      throw new StoreException(config + " has no core.mode");
    }
    return new Repo(path, RepoMode.parse(mode));
  }

  public Path path() {
    return path;
  }

  public RepoMode mode() {
    return mode;
  }

  /** Turns off the syncs that make writes durable ({@code --fsync=false}); for throwaway repos. */
  public Repo withFsync(boolean on) {
    this.fsync = on;
    return this;
  }

  public Path objectPath(ObjectId id, ObjectType type) {
    return objects.resolve(relativeObjectPath(id, type));
  }

  /** "xx/yyyy….ext": an object's path below objects/ (or a staging directory). */
  private String relativeObjectPath(ObjectId id, ObjectType type) {
    // written straight into one byte array: checkouts and fsck ask for every object's path
    byte[] raw = id.raw();
    String ext = type.extension(mode);
    byte[] name = new byte[65 + 1 + ext.length()];
    name[0] = HEX_DIGITS[(raw[0] >> 4) & 15];
    name[1] = HEX_DIGITS[raw[0] & 15];
    name[2] = '/';
    for (int i = 1, j = 3; i < raw.length; i++, j += 2) {
      name[j] = HEX_DIGITS[(raw[i] >> 4) & 15];
      name[j + 1] = HEX_DIGITS[raw[i] & 15];
    }
    name[65] = '.';
    for (int i = 0; i < ext.length(); i++) {
      name[66 + i] = (byte) ext.charAt(i);
    }
    return new String(name, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static final byte[] HEX_DIGITS = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e',
      'f'};

  public boolean has(ObjectId id, ObjectType type) {
    Path s = staging;
    String relative = relativeObjectPath(id, type);
    return present(objects.resolve(relative), type) || s != null && present(s.resolve(relative), type);
  }

  /** A presence test for many objects at once (see {@link #presence()}). */
  public interface Presence {
    boolean has(ObjectId id, ObjectType type);
  }

  /**
   * A presence test for many objects: a snapshot of the XX/ directories objects/ holds, so that an
   * object whose directory is not there is known absent without a stat, and the objects written in
   * place into the open transaction, kept in memory. A first pull asks this of every object, and two
   * failed stats each cost a pull of minbase 0.1 s of CPU. It may call absent an object another
   * process adds after the snapshot, or one this transaction wrote through a temp file: fetching or
   * writing it again is harmless, as a commit keeps the first.
   */
  public Presence presence() throws IOException {
    var dirs = new java.util.HashSet<String>();
    if (Files.isDirectory(objects)) {
      try (Stream<Path> l = Files.list(objects)) {
        l.forEach(d -> dirs.add(d.getFileName().toString()));
      }
    }
    return (id, type) -> {
      String relative = relativeObjectPath(id, type);
      return dirs.contains(relative.substring(0, 2)) && present(objects.resolve(relative), type)
          || stagedObjects.contains(relative);
    };
  }

  /**
   * Whether an object file is at {@code p}. java.io.File answers a miss with a false; this JDK's
   * Files.exists builds a NoSuchFileException for it, stack trace and all (a cold commit of minbase
   * asks 14,000 times). File.exists follows a symlink, and only a bare repository's file objects
   * can be symlinks (which may dangle): those are asked again without following.
   */
  private boolean present(Path p, ObjectType type) {
    return p.toFile().exists()
        || type == ObjectType.FILE && mode() == RepoMode.BARE && Files.isSymbolicLink(p);
  }

  private Path stagedPath(Path stagingDir, ObjectId id, ObjectType type) {
    return stagingDir.resolve(relativeObjectPath(id, type));
  }

  /** The open staging directory's XX/ subdirectories made so far (each made once, by whichever writer needs it first). */
  private final java.util.Set<String> stagedDirs = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** The objects written in place into the open staging directory so far (as relative paths), for {@link #presence}. */
  private final java.util.Set<String> stagedObjects = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Creates a new object's file at the path it is given (which does not exist yet). */
  interface ObjectWrite {
    void to(Path p) throws IOException;
  }

  /**
   * Writes a new object in place in the open transaction's staging directory, without a temp file
   * and a rename: the staging directory is discarded unless the transaction commits, and committed
   * only after every writer is done, so a half-written file there is never seen as an object.
   * False without a transaction, or when another writer of the transaction has made the object
   * first: the caller then goes through a temp file. A failed write leaves no file.
   */
  boolean writeStaged(ObjectId id, ObjectType type, ObjectWrite write) throws IOException {
    Path s = staging;
    if (s == null) {
      return false;
    }
    String relative = relativeObjectPath(id, type);
    String dir = relative.substring(0, 2);
    if (!stagedDirs.contains(dir)) {
      Files.createDirectories(s.resolve(dir));
      stagedDirs.add(dir);
    }
    Path p = s.resolve(relative);
    try {
      write.to(p);
      stagedObjects.add(relative);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(p);
      throw e;
    }
  }

  /** Where a new object is written: its place in objects/, or in the open transaction's staging dir. */
  Path writePath(ObjectId id, ObjectType type) {
    Path s = staging;
    return s == null ? objectPath(id, type) : stagedPath(s, id, type);
  }

  /**
   * Opens a transaction: new objects go to a staging directory without a sync each; committing it
   * syncs the filesystem once and only then moves the objects into place, so an object in
   * {@code objects/} is always complete, even after a power cut. A killed writer leaves only the
   * staging directory, which the next transaction removes; one whose process still runs (a
   * concurrent commit or pull into the same repository) is left alone.
   */
  public Transaction begin() throws IOException {
    Path tmp = path.resolve("tmp");
    Files.createDirectories(tmp);
    try (Stream<Path> s = Files.list(tmp)) {
      for (Path old : s.filter(p -> p.getFileName().toString().startsWith("staging-")).toList()) {
        if (!ownerRuns(old.getFileName().toString().substring("staging-".length()))) {
          deleteTree(old);
        }
      }
    }
    stagedDirs.clear();
    stagedObjects.clear();
    staging = Files.createDirectory(tmp.resolve("staging-" + uniqueName()));
    return new Transaction();
  }

  /**
   * Whether the process named at the head of a staging directory's name (see {@link #uniqueName})
   * still runs. Names without a pid (older versions wrote a UUID) count as abandoned.
   */
  static boolean ownerRuns(String name) {
    int dash = name.indexOf('-');
    if (dash <= 0) {
      return false;
    }
    long pid;
    try {
      pid = Long.parseLong(name.substring(0, dash));
    } catch (NumberFormatException e) {
      return false;
    }
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** An open transaction; {@link #commit} makes its objects durable and visible. */
  public final class Transaction implements AutoCloseable {
    private boolean done;

    public void commit() throws IOException {
      Path s = staging;
      // staging holds objects as objects/ does, in XX/ directories: one listing and one mkdir per XX
      List<Path> subdirs;
      try (Stream<Path> l = Files.list(s)) {
        subdirs = l.toList();
      }
      if (fsync && !subdirs.isEmpty()) {
        syncFilesystem(); // nothing staged (a commit of a tree the repository holds): nothing to make durable
      }
      Files.createDirectories(objects);
      // An XX/ that objects/ lacks (or holds empty) is renamed into place whole: one rename for all
      // its objects (a first commit or pull stages all 256). The others are merged file by file, on
      // every core.
      var merge = new ArrayList<Path>();
      boolean adopted = false;
      for (Path sub : subdirs) {
        if (adopt(sub, objects.resolve(sub.getFileName().toString()))) {
          adopted = true;
        } else {
          merge.add(sub);
        }
      }
      try {
        merge.parallelStream().forEach(sub -> {
          try {
            mergeInto(sub, objects.resolve(sub.getFileName().toString()));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
      } catch (java.io.UncheckedIOException e) {
        throw e.getCause();
      }
      if (fsync) {
        // an fsync per changed directory, not a second syncfs: syncfs also waits for other processes' dirty pages
        if (adopted) {
          syncDir(objects);
        }
        for (Path sub : merge) {
          syncDir(objects.resolve(sub.getFileName().toString()));
        }
      }
      staging = null;
      deleteTree(s);
      done = true;
    }

    @Override
    public void close() throws IOException {
      if (!done && staging != null) {
        Path s = staging;
        staging = null;
        deleteTree(s);
      }
    }
  }

  /**
   * Renames a staged XX/ directory to {@code target} when that is absent or empty (rename(2)
   * replaces an empty directory, and refuses a non-empty one, so an object another writer moved in
   * meanwhile is never lost); false when the objects must be merged one by one.
   */
  private static boolean adopt(Path sub, Path target) throws IOException {
    try {
      Files.move(sub, target, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (java.nio.file.FileSystemException e) {
      if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        return false; // ENOTEMPTY, or EEXIST on some filesystems
      }
      throw e;
    }
  }

  /** Moves each staged object of {@code sub} into {@code target} (an object already there stays), then removes {@code sub}. */
  private static void mergeInto(Path sub, Path target) throws IOException {
    try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(sub)) {
      for (Path p : entries) {
        try {
          Files.move(p, target.resolve(p.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
          Files.delete(p);
        }
      }
    }
    Files.delete(sub); // empty now: the staging directory is then removed without a walk
  }

  /**
   * Starts writing back what the open transaction has staged so far, without waiting: the sync at
   * its commit then has that much less to wait for, while the writer goes on with the rest. A head
   * start only (a failure to start is ignored; the commit's own sync is what makes objects durable).
   */
  public void syncInBackground() {
    if (!fsync || staging == null || stagedDirs.isEmpty()) {
      return; // nothing written yet (a commit that finds every file in its stat cache)
    }
    try {
      new ProcessBuilder("sync", "-f", path.toString()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      // no head start, then
    }
  }

  /** syncfs(2) on the repository's filesystem, through coreutils' {@code sync -f}. */
  void syncFilesystem() throws IOException {
    try {
      Process p = new ProcessBuilder("sync", "-f", path.toString()).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        throw new StoreException("sync -f " + path + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while syncing " + path);
    }
  }

  static void deleteTree(Path p) throws IOException {
    FileTree.delete(p);
  }

  /** Whether writes sync each object (no transaction open and fsync on). */
  boolean syncEach() {
    return fsync && staging == null;
  }

  /** A metadata object's bytes, checked against its name. */
  public byte[] readMetadata(ObjectId id, ObjectType type) throws IOException {
    return readMetadata(id, type, true);
  }

  /**
   * A metadata object's bytes; {@code verify} false trusts the local store, as ostree's checkout
   * does (objects are verified when they come in, and by fsck), which spares a deploy a digest per
   * directory.
   */
  byte[] readMetadata(ObjectId id, ObjectType type, boolean verify) throws IOException {
    byte[] bytes;
    Path p = objectPath(id, type);
    // a FileInputStream, not Files.readAllBytes: its channel and stream set-up cost a checkout's
    // thousand dirtree reads about 5% of its CPU
    try (var in = new java.io.FileInputStream(p.toString())) {
      bytes = in.readAllBytes();
    } catch (java.io.FileNotFoundException e) {
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new StoreException("missing " + type.extension(mode) + " object " + id);
      }
      throw e; // not readable
    }
    if (verify && type != ObjectType.COMMIT_META && !ObjectId.fromRaw(sha256(bytes)).equals(id)) {
      throw new StoreException("corrupted " + type.extension(mode) + " object " + id + ": its checksum does not match");
    }
    return bytes;
  }

  /** Stores a metadata object under the SHA-256 of its bytes; a no-op when it is already there. */
  public ObjectId writeMetadata(ObjectType type, byte[] bytes) throws IOException {
    ObjectId id = ObjectId.fromRaw(sha256(bytes));
    if (!has(id, type)) {
      storeMetadata(id, type, bytes);
    }
    return id;
  }

  /**
   * Stores a metadata object whose checksum {@code id} the caller computed (or checked) and that it
   * knows the repository lacks: a commit's tree writer and a pull's walk ask a {@link #presence}
   * snapshot instead of two stats, and hash each object once.
   */
  public void storeMetadata(ObjectId id, ObjectType type, byte[] bytes) throws IOException {
    boolean staged = writeStaged(id, type, p -> {
      try (FileChannel ch = createNew(p, 0644)) {
        for (ByteBuffer b = ByteBuffer.wrap(bytes); b.hasRemaining(); ) {
          ch.write(b);
        }
      }
      finishMode(p, 0644);
    });
    if (!staged) {
      writeFile(writePath(id, type), bytes);
    }
  }

  /** The process's umask as files created in tmp/ see it (default ACLs included); probed once. */
  private volatile int umask = -1;
  private final java.util.Map<Integer, java.nio.file.attribute.FileAttribute<?>> modeAttributes =
      new java.util.concurrent.ConcurrentHashMap<>();

  private int umask() throws IOException {
    int u = umask;
    if (u < 0) {
      Path probe = tempFile();
      Files.createFile(probe, modeAttribute(0777));
      try {
        u = ~(Integer) Files.getAttribute(probe, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0777;
      } finally {
        Files.deleteIfExists(probe);
      }
      umask = u;
    }
    return u;
  }

  /**
   * Whether a new file can be given permissions {@code mode} when it is created: the umask lets all
   * of them through, and the owner can write (so its xattrs and times can still be set after).
   * Then no chmod follows (one path lookup less per object: 7,000 in a commit or pull of minbase).
   */
  private boolean createsExactly(int mode) throws IOException {
    return (mode & ~0777) == 0 && (mode & 0200) != 0 && (mode & umask()) == 0;
  }

  private java.nio.file.attribute.FileAttribute<?> modeAttribute(int mode) {
    return modeAttributes.computeIfAbsent(mode, m -> {
      var perms = java.util.EnumSet.noneOf(java.nio.file.attribute.PosixFilePermission.class);
      java.nio.file.attribute.PosixFilePermission[] all = java.nio.file.attribute.PosixFilePermission.values();
      for (int bit = 0; bit < 9; bit++) { // OWNER_READ is 0400, ..., OTHERS_EXECUTE 0001
        if ((m & (0400 >> bit)) != 0) {
          perms.add(all[bit]);
        }
      }
      return java.nio.file.attribute.PosixFilePermissions.asFileAttribute(perms);
    });
  }

  /**
   * Creates {@code p} (which must not exist) for writing, with permissions {@code mode} from the
   * start where {@link #createsExactly} allows; {@link #finishMode} sets them otherwise.
   */
  FileChannel createNew(Path p, int mode) throws IOException {
    return createsExactly(mode)
        ? FileChannel.open(p, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            modeAttribute(mode))
        : FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  /** Gives a file made by {@link #createNew} its permissions, unless it was created with them. */
  void finishMode(Path p, int mode) throws IOException {
    if (!createsExactly(mode)) {
      Files.setAttribute(p, "unix:mode", mode);
    }
  }

  /** Replaces a commit's detached metadata ({@code .commitmeta}: signatures and the like), durably. */
  public void writeDetachedMetadata(ObjectId commit, byte[] bytes) throws IOException {
    writeDurably(objectPath(commit, ObjectType.COMMIT_META), bytes);
  }

  /** A commit's detached metadata, if it has any. */
  public Optional<byte[]> readDetachedMetadata(ObjectId commit) throws IOException {
    Path p = objectPath(commit, ObjectType.COMMIT_META);
    return Files.isRegularFile(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
  }

  /** Replaces a file at the top of the repository (summary, summary.sig), synced before and after the rename. */
  public void writeTopLevel(String name, byte[] bytes) throws IOException {
    if (!name.matches("[a-z][a-z.-]*")) {
      throw new IllegalArgumentException(name);
    }
    writeDurably(path.resolve(name), bytes);
  }

  /**
   * Replaces a file below the repository (a delta's parts and superblock, a delta index), synced
   * before and after the rename; {@code relative} may not climb out of the repository.
   */
  public void writeRepoFile(String relative, byte[] bytes) throws IOException {
    if (relative.startsWith("/") || java.util.Arrays.asList(relative.split("/")).contains("..")) {
      throw new IllegalArgumentException(relative);
    }
    writeDurably(path.resolve(relative), bytes);
  }

  private void writeDurably(Path target, byte[] bytes) throws IOException {
    Path tmp = tempFile();
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(bytes));
      if (fsync) {
        ch.force(true);
      }
    }
    Files.setAttribute(tmp, "unix:mode", 0644);
    Files.createDirectories(target.getParent());
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    if (fsync) {
      syncDir(target.getParent());
    }
  }

  /** Writes {@code bytes} to {@code target} through a synced temp file and a rename. */
  void writeFile(Path target, byte[] bytes) throws IOException {
    Path tmp = tempFile(); // rename() makes the target's directory when it is missing
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(bytes));
      if (syncEach()) {
        ch.force(true);
      }
    }
    Files.setAttribute(tmp, "unix:mode", 0644);
    rename(tmp, target);
  }

  /** A fresh temp file name in {@code tmp/}, on the same filesystem as the objects. */
  Path tempFile() throws IOException {
    Path dir = path.resolve("tmp");
    if (!dir.toFile().isDirectory()) { // asked without an exception: this runs once per object
      Files.createDirectories(dir);
    }
    return dir.resolve("tmpobject-" + uniqueName());
  }

  /** This process's id and a random number, fixed per repository object once a name is asked for. */
  private volatile String namePrefix;
  private final java.util.concurrent.atomic.AtomicLong names = new java.util.concurrent.atomic.AtomicLong();

  /**
   * A name no other writer uses: the pid, a random number and a counter. (UUID.randomUUID seeds a
   * SecureRandom first, 20-30 ms of a short command's start.) Two threads that make the prefix at
   * once may make two: the shared counter still keeps their names apart.
   */
  private String uniqueName() {
    String prefix = namePrefix;
    if (prefix == null) {
      prefix = pid() + "-" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + "-";
      namePrefix = prefix;
    }
    return prefix + names.incrementAndGet();
  }

  /** This process's id: /proc/self names it without ProcessHandle's set-up (a reaper pool, 3 ms). */
  private static long pid() {
    try {
      return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
    } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
      return ProcessHandle.current().pid();
    }
  }

  /** Renames into place; an existing target (another writer won) is fine. */
  void rename(Path tmp, Path target) throws IOException {
    try {
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (NoSuchFileException e) {
        // the first object of its XX/ directory (the directory is made once, not checked each time)
        Files.createDirectories(target.getParent());
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(tmp);
    }
    if (syncEach()) {
      syncDir(target.getParent());
    }
  }

  static void syncDir(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  // --- refs ---

  public Optional<ObjectId> ref(String ref) throws IOException {
    for (Path p : List.of(path.resolve("refs/heads").resolve(ref), path.resolve("refs/remotes").resolve(ref),
        path.resolve("refs/mirrors").resolve(ref))) {
      if (Files.isRegularFile(p)) {
        return Optional.of(ObjectId.fromString(Files.readString(p).strip()));
      }
    }
    int colon = ref.indexOf(':');
    if (colon > 0) {
      return ref(ref.substring(0, colon) + "/" + ref.substring(colon + 1));
    }
    return Optional.empty();
  }

  /** A ref, a full checksum, or a unique checksum prefix, as {@code ostree rev-parse} takes them. */
  public ObjectId resolve(String refOrChecksum) throws IOException {
    if (ObjectId.isValid(refOrChecksum)) {
      return ObjectId.fromString(refOrChecksum);
    }
    Optional<ObjectId> r = ref(refOrChecksum);
    if (r.isPresent()) {
      return r.get();
    }
    if (refOrChecksum.length() >= 4 && refOrChecksum.matches("[0-9a-f]+")) {
      Path dir = path.resolve("objects").resolve(refOrChecksum.substring(0, 2));
      var matches = new ArrayList<String>();
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.list(dir)) {
          s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".commit"))
              .map(n -> refOrChecksum.substring(0, 2) + n.substring(0, n.length() - 7))
              .filter(n -> n.startsWith(refOrChecksum)).forEach(matches::add);
        }
      }
      if (matches.size() == 1) {
        return ObjectId.fromString(matches.get(0));
      }
    }
    throw new StoreException("no such ref or commit '" + refOrChecksum + "' in " + path);
  }

  /** Points {@code ref} at {@code commit}, atomically; an empty value deletes the ref. */
  public void setRef(String ref, Optional<ObjectId> commit) throws IOException {
    int colon = ref.indexOf(':');
    Path file;
    if (colon > 0) {
      checkRefName(ref.substring(0, colon));
      checkRefName(ref.substring(colon + 1));
      file = path.resolve("refs/remotes").resolve(ref.substring(0, colon)).resolve(ref.substring(colon + 1));
    } else {
      checkRefName(ref);
      file = path.resolve("refs/heads").resolve(ref);
    }
    if (commit.isEmpty()) {
      Files.deleteIfExists(file);
      return;
    }
    writeFile(file, (commit.get().name() + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  /** Every ref under {@code refs/heads} (and remotes as {@code remote:ref}), sorted, with its commit. */
  public TreeMap<String, ObjectId> refs() throws IOException {
    var out = new TreeMap<String, ObjectId>(FileMeta::strcmp);
    collectRefs(path.resolve("refs/heads"), "", out);
    Path remotes = path.resolve("refs/remotes");
    if (Files.isDirectory(remotes)) {
      try (Stream<Path> s = Files.list(remotes)) {
        for (Path r : s.toList()) {
          collectRefs(r, r.getFileName() + ":", out);
        }
      }
    }
    return out;
  }

  private static void collectRefs(Path dir, String prefix, TreeMap<String, ObjectId> out) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String v = Files.readString(p).strip();
        if (ObjectId.isValid(v)) {
          out.put(prefix + dir.relativize(p).toString(), ObjectId.fromString(v));
        }
      }
    }
  }

  static void checkRefName(String ref) throws StoreException {
    if (ref.isEmpty() || ref.startsWith("/") || ref.endsWith("/") || ref.contains("..") || ref.contains("//")
        || !ref.matches("[A-Za-z0-9._\\-/]+")) {
      throw new StoreException("invalid ref name '" + ref + "'");
    }
  }

  // --- hashing ---

  public static byte[] sha256(byte[] bytes) {
    return digest().digest(bytes);
  }

  /**
   * Never updated, only cloned: looking a digest up by name costs more than hashing a small object.
   * Chosen on first use (a holder class): loading NSS takes tens of milliseconds.
   */
  private static final class Sha256 {
    private static final Sha256Source.Choice CHOICE;
    private static final String PROBLEM;

    static {
      Sha256Source.Choice choice = null;
      String problem = null;
      try {
        choice = Sha256Source.fromEnvironment();
      } catch (IllegalArgumentException | IllegalStateException e) {
        problem = e.getMessage(); // a bad caisson.sha256: said by every digest asked for, not a class that fails to load
      }
      CHOICE = choice;
      PROBLEM = problem;
    }

    /** Nothing: calling it loads the class, which chooses. */
    static void load() {}

    static Sha256Source.Choice choice() {
      if (CHOICE == null) {
        throw new java.io.UncheckedIOException(new StoreException(PROBLEM));
      }
      return CHOICE;
    }
  }

  /**
   * Starts choosing and loading the SHA-256 provider on a thread of its own, so that a verb about to
   * hash does it while walking a tree or reading refs instead of before its first object.
   */
  public static void prepareDigests() {
    Thread t = new Thread(Sha256::load, "sha256-provider");
    t.setDaemon(true);
    t.start();
  }

  /** The name of the provider the store's SHA-256 digests come from (NSS's softoken, or the JDK's own). */
  static String digestProvider() {
    return Sha256.choice().provider();
  }

  static MessageDigest digest() {
    MessageDigest prototype = Sha256.choice().prototype();
    try {
      return (MessageDigest) prototype.clone();
    } catch (CloneNotSupportedException e) {
      try {
        return MessageDigest.getInstance("SHA-256", prototype.getProvider());
      } catch (NoSuchAlgorithmException e2) {
        throw new IllegalStateException(e2);
      }
    }
  }

  /** A read buffer per thread for hashing streams (a fresh 64 KiB array per object cost its zeroing). */
  private static final ThreadLocal<byte[]> HASH_BUFFER = ThreadLocal.withInitial(() -> new byte[65536]);

  /** The content checksum: SHA-256 of the length-prefixed header then the content. */
  public static ObjectId contentChecksum(byte[] header, InputStream content) throws IOException {
    MessageDigest d = digest();
    d.update(ByteBuffer.allocate(8).putInt(header.length).putInt(0).array());
    d.update(header);
    if (content != null) {
      byte[] buf = HASH_BUFFER.get();
      for (int n; (n = content.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
    }
    return ObjectId.fromRaw(d.digest());
  }
}
