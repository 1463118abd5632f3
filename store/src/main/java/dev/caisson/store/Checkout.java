package dev.caisson.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a commit's tree to a directory, hard-linking files from the repository where its mode
 * allows (bare, and bare-user or bare-user-only in user mode) and copying otherwise.
 */
public final class Checkout {
  /**
   * @param userMode {@code -U}: ignore owners, and leave setuid/setgid bits off files (directories keep
   *     their whole mode, sticky and setgid included, as in ostree); from a bare repository, whose
   *     objects keep their owners and setuid bits, files are copied
   * @param forceCopy never hard-link
   * @param subpath check out only this directory of the commit
   * @param union overwrite files that exist
   * @param unionAdd keep files that exist, add the rest
   * @param requireHardlinks fail instead of copying
   */
  public record Options(boolean userMode, boolean forceCopy, Optional<String> subpath, boolean union, boolean unionAdd,
      boolean requireHardlinks) {
    public static Options defaults() {
      return new Options(false, false, Optional.empty(), false, false, false);
    }

    public static Options user() {
      return new Options(true, false, Optional.empty(), false, false, false);
    }

    /** Copies rather than links from bare-user repos, whose objects carry the repo user's owner. */
    public Options withCopy(RepoMode mode) {
      return mode == RepoMode.BARE ? this : new Options(userMode, true, subpath, union, unionAdd, requireHardlinks);
    }
  }

  private final Repo repo;
  private final Options options;
  private long files;
  /** A bare-user hard-link checkout's symlinks, from the tree's {@link SymlinkIndex}; else null. */
  private Map<ObjectId, String> symlinks;
  /** The symlinks this checkout found by reading xattrs, for an index of the tree; else null. */
  private Map<ObjectId, String> found;

  public Checkout(Repo repo, Options options) {
    this.repo = repo;
    this.options = options;
  }

  /** Checks out {@code commit} into {@code dest}; returns the number of files written. */
  public long run(ObjectId commit, Path dest) throws IOException {
    Commit c = Commit.read(repo, commit, false);
    ObjectId tree = c.rootTree();
    ObjectId meta = c.rootMeta();
    if (options.subpath().isPresent()) {
      for (String part : options.subpath().get().split("/")) {
        if (part.isEmpty()) {
          continue;
        }
        Commit.Dir d = Commit.tree(repo, tree, false).dirs().get(part);
        if (d == null) {
          throw new StoreException("no directory " + options.subpath().get() + " in commit " + commit);
        }
        tree = d.tree();
        meta = d.meta();
      }
    }
    if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS) && !options.union() && !options.unionAdd()
        && !isEmptyDir(dest)) {
      throw new StoreException(dest + " already exists; use --union or --union-add to check out over it");
    }
    boolean bareUserLinks = repo.mode() == RepoMode.BARE_USER && canLink();
    symlinks = bareUserLinks ? SymlinkIndex.read(repo, tree).orElse(null) : null;
    // a union-add skips files it finds: only a checkout that looks at every file can index them
    found = bareUserLinks && symlinks == null && !options.unionAdd() ? new ConcurrentHashMap<>() : null;
    dir(tree, meta, dest);
    if (found != null) {
      try {
        SymlinkIndex.write(repo, tree, found);
      } catch (IOException e) {
        // a repository this user may read but not write: the next checkout reads the xattrs again
      }
    }
    return files;
  }

  private static boolean isEmptyDir(Path p) throws IOException {
    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (var s = Files.list(p)) {
      return s.findAny().isEmpty();
    }
  }

  private static final java.nio.file.attribute.FileAttribute<?> PRIVATE_DIR =
      java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));

  /**
   * Walks the tree on every core: each directory is a task that reads its dirtree and dirmeta (from
   * the local store, trusted as ostree's checkout trusts it), makes the directory, hands its
   * subdirectories to other workers, links or copies its own files, and once its subdirectories are
   * done sets its final mode and owner (so a directory that becomes read-only has its contents
   * already). Most directories share a few dirmeta objects: each is read once.
   */
  private void dir(ObjectId treeId, ObjectId metaId, Path dest) throws IOException {
    var metas = new java.util.concurrent.ConcurrentHashMap<ObjectId, FileMeta>();
    var count = new java.util.concurrent.atomic.AtomicLong();
    // one worker more than the cores: mkdir and link wait on directory locks and the journal, and a
    // spare worker keeps the cores busy meanwhile (minbase, 2 cores: 0.30 s with 2 workers, 0.27 s with 3)
    var pool = new java.util.concurrent.ForkJoinPool(Math.max(2, Runtime.getRuntime().availableProcessors() + 1));
    try {
      pool.submit(new DirJob(treeId, metaId, dest, 0, metas, count)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted during checkout");
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof RuntimeException && cause.getCause() != null
          && !(cause instanceof java.io.UncheckedIOException)) {
        cause = cause.getCause();
      }
      if (cause instanceof java.io.UncheckedIOException u) {
        throw u.getCause();
      }
      throw new StoreException("checkout failed: " + cause, cause);
    } finally {
      pool.shutdown();
    }
    this.files = count.get();
  }

  private void finish(FileMeta meta, Path dest) throws IOException {
    if (!options.userMode()) {
      Files.setAttribute(dest, "unix:uid", meta.uid());
      Files.setAttribute(dest, "unix:gid", meta.gid());
    }
    Files.setAttribute(dest, "unix:mode", meta.mode() & 07777);
  }

  private final class DirJob extends java.util.concurrent.RecursiveAction {
    private final ObjectId treeId;
    private final ObjectId metaId;
    private final Path dest;
    private final int depth;
    private final java.util.Map<ObjectId, FileMeta> metas;
    private final java.util.concurrent.atomic.AtomicLong count;

    DirJob(ObjectId treeId, ObjectId metaId, Path dest, int depth, java.util.Map<ObjectId, FileMeta> metas,
        java.util.concurrent.atomic.AtomicLong count) {
      this.treeId = treeId;
      this.metaId = metaId;
      this.dest = dest;
      this.depth = depth;
      this.metas = metas;
      this.count = count;
    }

    @Override
    protected void compute() {
      try {
        FileMeta meta = metas.get(metaId);
        if (meta == null) {
          meta = Commit.dirMeta(repo, metaId, false);
          metas.put(metaId, meta);
        }
        if (depth == 0) { // the top may exist already (empty, or --union)
          Files.createDirectories(dest);
          Files.setAttribute(dest, "unix:mode", 0700);
        } else if (!options.union() && !options.unionAdd()) {
          // private until its final mode is set at the end; one call, no chmod
          Files.createDirectory(dest, PRIVATE_DIR);
        } else if (!Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectory(dest, PRIVATE_DIR);
        }
        Commit.Tree tree = Commit.tree(repo, treeId, false);
        var subdirs = new java.util.ArrayList<DirJob>(tree.dirs().size());
        for (var e : tree.dirs().entrySet()) {
          DirJob job = new DirJob(e.getValue().tree(), e.getValue().meta(), dest.resolve(e.getKey()), depth + 1, metas,
              count);
          job.fork();
          subdirs.add(job);
        }
        for (var e : tree.files().entrySet()) {
          file(e.getValue(), dest.resolve(e.getKey()));
        }
        count.addAndGet(tree.files().size());
        for (DirJob job : subdirs) {
          job.join();
        }
        finish(meta, dest);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private void file(ObjectId id, Path dest) throws IOException {
    // a fresh checkout writes into new directories: only unions need to look first
    if ((options.union() || options.unionAdd()) && Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
      if (options.unionAdd()) {
        return;
      }
      if (!options.union()) {
        throw new StoreException(dest + " already exists");
      }
      Files.delete(dest);
    }
    Path object = repo.objectPath(id, ObjectType.FILE);
    if (canLink()) {
      // bare-user keeps symlinks as regular files: those must be made real symlinks
      String target = repo.mode() != RepoMode.BARE_USER ? null
          : symlinks != null ? symlinks.get(id) : bareUserSymlinkTarget(id, object);
      try {
        if (target != null) {
          Files.createSymbolicLink(dest, Path.of(target)); // user mode: no owner to set
        } else {
          Files.createLink(dest, object);
        }
      } catch (FileAlreadyExistsException e) {
        throw new StoreException(dest + " already exists");
      } catch (NoSuchFileException e) {
        if (!Files.exists(object, LinkOption.NOFOLLOW_LINKS)) {
          throw new StoreException("missing file object " + object.getFileName());
        }
        throw e;
      }
      return;
    }
    if (options.requireHardlinks()) {
      throw new StoreException("cannot hard-link " + dest + " from a " + repo.mode().configName()
          + " repository" + (repo.mode() == RepoMode.BARE ? " with -U (its objects keep their owners)"
              : options.userMode() ? "" : " without -U"));
    }
    Content.Loaded l = Content.load(repo, id);
    if (l.meta().isSymlink()) {
      l.content().close();
      symlink(l.meta(), dest);
      return;
    }
    Path tmp = dest.resolveSibling("." + dest.getFileName() + ".ckout");
    try (InputStream in = l.content()) {
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
    }
    FileMeta m = l.meta();
    if (!options.userMode()) {
      Files.setAttribute(tmp, "unix:uid", m.uid());
      Files.setAttribute(tmp, "unix:gid", m.gid());
      var view = Files.getFileAttributeView(tmp, UserDefinedFileAttributeView.class);
      for (FileMeta.Xattr x : m.xattrs()) {
        if (x.name().startsWith("user.")) {
          view.write(x.name().substring(5), ByteBuffer.wrap(x.value()));
        }
      }
    }
    Files.setAttribute(tmp, "unix:mode", m.mode() & (options.userMode() ? 0777 : 07777));
    Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The target of a bare-user object that stands for a symlink, else null (recorded for the index). */
  private String bareUserSymlinkTarget(ObjectId id, Path object) throws IOException {
    if (!isBareUserSymlink(object)) {
      return null;
    }
    Content.Loaded l = Content.load(repo, id);
    l.content().close();
    String target = l.meta().symlinkTarget();
    if (found != null) {
      found.put(id, target);
    }
    return target;
  }

  /**
   * Whether a bare-user object stands for a symlink: its xattr's third u32 (big-endian, after uid and
   * gid) is the real mode. One read of the xattr; no content opened, nothing else parsed.
   */
  private static boolean isBareUserSymlink(Path object) throws IOException {
    byte[] meta;
    try {
      meta = Content.bareUserMeta(object);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new StoreException("missing file object " + object.getFileName());
    }
    if (meta.length < 12) {
      throw new StoreException("file object " + object.getFileName() + " has a malformed user.ostreemeta");
    }
    return (ByteBuffer.wrap(meta).getInt(8) & 0170000) == 0120000;
  }


  private void symlink(FileMeta m, Path dest) throws IOException {
    Files.createSymbolicLink(dest, Path.of(m.symlinkTarget()));
    if (!options.userMode()) {
      Files.setAttribute(dest, "unix:uid", m.uid(), LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(dest, "unix:gid", m.gid(), LinkOption.NOFOLLOW_LINKS);
    }
  }

  private boolean canLink() {
    if (options.forceCopy()) {
      return false;
    }
    return switch (repo.mode()) {
      case BARE -> !options.userMode();
      case BARE_USER, BARE_USER_ONLY -> options.userMode();
      case ARCHIVE -> false;
    };
  }
}
