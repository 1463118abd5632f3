package dev.caisson.provision.files;

import dev.caisson.provision.ProvisionException;
import dev.caisson.provision.ProvisionListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * Performs a plan's actions in order. Files, links and hard links are made under a temporary name
 * in the same directory and renamed into place, so no path is ever half-written; modes and owners
 * are set before the rename. Syncing is left to the caller (one sync per run).
 */
public final class Applier {
  private final Path root;
  private final ProvisionListener listener;
  private final int euid;
  private final int egid;
  private final int umask;
  /** Whether each parent directory has the setgid bit (new entries then take its group). */
  private final Map<Path, Boolean> setgidParents = new ConcurrentHashMap<>();

  private final String stage;

  public Applier(Path root, ProvisionListener listener, String stage) {
    this.root = root;
    this.listener = listener;
    this.stage = stage;
    var me = new com.sun.security.auth.module.UnixSystem();
    this.euid = (int) me.getUid();
    this.egid = (int) me.getGid();
    this.umask = umask();
  }

  /** The process umask from /proc/self/status, or -1 when unknown (then every mode is set by chmod). */
  private static int umask() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Umask:")) {
          return Integer.parseInt(line.substring(6).trim(), 8);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** True when creating with {@code mode} already gives exactly {@code mode}: no chmod needed. */
  private boolean createGives(int mode) {
    return umask >= 0 && mode <= 0777 && (mode & umask) == 0;
  }

  /**
   * Applies every action and returns the plan lines of those that ran, in plan order (the same lines
   * a dry run prints). On failure the exception says which one. Runs of consecutive file writes,
   * links and new directories (their parents already exist, no two share a path) go in parallel,
   * since each is independent; everything else runs in plan order.
   */
  public List<String> apply(List<Action> actions) throws ProvisionException {
    var done = new AtomicInteger();
    String[] lines = new String[actions.size()];
    int i = 0;
    while (i < actions.size()) {
      int j = i;
      var paths = new HashSet<String>();
      while (j < actions.size() && joins(actions.get(j), paths)) {
        j++;
      }
      if (j - i >= PARALLEL_MIN) {
        var failure = new AtomicReference<ProvisionException>();
        int from = i;
        int to = j;
        ForkJoinPool pool = new ForkJoinPool(THREADS);
        try {
          pool.submit(() -> IntStream.range(from, to).parallel().forEach(k -> {
            if (failure.get() == null) {
              try {
                lines[k] = one(actions.get(k), done, actions.size());
              } catch (ProvisionException e) {
                failure.compareAndSet(null, e);
              }
            }
          })).get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ProvisionException("interrupted");
        } catch (ExecutionException e) {
          throw new ProvisionException(e.getCause().getMessage(), e.getCause());
        } finally {
          pool.shutdown();
        }
        if (failure.get() != null) {
          throw failure.get();
        }
        i = j;
      } else {
        lines[i] = one(actions.get(i), done, actions.size());
        i++;
      }
    }
    return Arrays.asList(lines);
  }

  private static final int PARALLEL_MIN = 64;
  private static final int THREADS = 4;

  /**
   * Whether {@code a} can run in parallel with the run of actions whose paths are {@code run}: a file
   * write, a link or a new directory, on a path of its own, whose parent the run does not create (so
   * siblings go together, and a directory's children wait for the next run).
   */
  private static boolean joins(Action a, java.util.Set<String> run) {
    if (!(a instanceof Action.Write || a instanceof Action.Symlink || a instanceof Action.MkDir)) {
      return false;
    }
    String rel = a.paths().get(0);
    int slash = rel.lastIndexOf('/');
    return (slash < 0 || !run.contains(rel.substring(0, slash))) && run.add(rel);
  }

  private String one(Action a, AtomicInteger done, int total) throws ProvisionException {
    String op = a.describe();
    listener.started(stage, op);
    try {
      run(a);
    } catch (IOException | RuntimeException e) {
      listener.failed(stage, op, e.getMessage());
      throw new ProvisionException(op + ": " + e.getMessage() + " (" + done.get() + " of " + total
          + " operations had been applied)", e);
    }
    listener.finished(stage, op);
    done.incrementAndGet();
    return op;
  }

  private void run(Action a) throws IOException {
    if (a instanceof Action.MkDir d) {
      Path p = root.resolve(d.rel());
      boolean exact = createGives(d.mode());
      if (exact) {
        Files.createDirectory(p, PosixFilePermissions.asFileAttribute(perms(d.mode())));
      } else {
        Files.createDirectory(p);
      }
      setgidParents.remove(p);
      ownNew(p, d.uid(), d.gid());
      if (!exact) {
        Files.setAttribute(p, "unix:mode", d.mode());
      }
    } else if (a instanceof Action.Write w) {
      Path p = root.resolve(w.rel());
      Path tmp = p.resolveSibling("." + p.getFileName() + ".caisson-tmp");
      boolean exact = createGives(w.mode());
      try (OutputStream out = create(tmp, exact ? w.mode() : 0600)) {
        out.write(w.data());
      }
      ownNew(tmp, w.uid(), w.gid());
      if (!exact) {
        Files.setAttribute(tmp, "unix:mode", w.mode());
      }
      Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } else if (a instanceof Action.Attrs t) {
      setgidParents.remove(root.resolve(t.rel()));
      attrs(root.resolve(t.rel()), t.mode(), t.uid(), t.gid());
    } else if (a instanceof Action.Remove r) {
      removeTree(root.resolve(r.rel()));
    } else if (a instanceof Action.Symlink s) {
      Path p = root.resolve(s.rel());
      Path tmp = temp(p);
      Files.createSymbolicLink(tmp, Path.of(s.target()));
      ownNew(tmp, s.uid(), s.gid());
      Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } else if (a instanceof Action.HardLink h) {
      Path p = root.resolve(h.rel());
      Path tmp = temp(p);
      Files.createLink(tmp, root.resolve(h.targetRel()));
      Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** Creates the temp file; one left by a crashed run is replaced. */
  private static OutputStream create(Path tmp, int mode) throws IOException {
    var opts = java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    var attr = PosixFilePermissions.asFileAttribute(perms(mode));
    try {
      return java.nio.channels.Channels.newOutputStream(Files.newByteChannel(tmp, opts, attr));
    } catch (FileAlreadyExistsException e) {
      Files.delete(tmp);
      return java.nio.channels.Channels.newOutputStream(Files.newByteChannel(tmp, opts, attr));
    }
  }

  private static java.util.Set<PosixFilePermission> perms(int mode) {
    var out = java.util.EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_READ};
    for (int i = 0; i < order.length; i++) {
      if ((mode & (1 << i)) != 0) {
        out.add(order[i]);
      }
    }
    return out;
  }

  private static Path temp(Path p) throws IOException {
    Path tmp = p.resolveSibling("." + p.getFileName() + ".caisson-tmp");
    Files.deleteIfExists(tmp);
    return tmp;
  }

  /** Sets a new entry's owner, unless it was created with that owner already (the usual root:root). */
  private void ownNew(Path p, int uid, int gid) throws IOException {
    if (uid == euid && gid == egid && !setgidParent(p.getParent())) {
      return;
    }
    Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
  }

  private boolean setgidParent(Path dir) throws IOException {
    Boolean b = setgidParents.get(dir);
    if (b == null) {
      b = ((Integer) Files.getAttribute(dir, "unix:mode") & 02000) != 0;
      setgidParents.put(dir, b);
    }
    return b;
  }

  private static void attrs(Path p, int mode, int uid, int gid) throws IOException {
    Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    if (mode >= 0) {
      // never a link here (links get mode -1), and the parents hold no links: a plain chmod is safe
      // and avoids the open+fchmod that the no-follow variant costs
      Files.setAttribute(p, "unix:mode", mode);
    }
  }

  static void removeTree(Path p) throws IOException {
    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(p);
      return;
    }
    Files.walkFileTree(p, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
