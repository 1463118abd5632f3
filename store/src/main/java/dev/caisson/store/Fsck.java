package dev.caisson.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Verifies every object reachable from the refs (or from given commits): each metadata object must
 * hash to its name and parse, each content object must hash to its name when read back. Content
 * objects, most of the work, are read on every core.
 */
public final class Fsck {
  /** A missing or corrupted object, and the commit it was reached from. */
  public record Bad(ObjectId id, ObjectType type, ObjectId commit, String problem) {}

  /** What fsck found: the number of objects checked and the broken ones. */
  public record Result(long checked, List<Bad> bad) {
    public boolean ok() {
      return bad.isEmpty();
    }

    /** A line per broken object. */
    public List<String> problems() {
      return bad.stream().map(Bad::problem).toList();
    }
  }

  private final Repo repo;
  private final StoreListener listener;

  public Fsck(Repo repo, StoreListener listener) {
    this.repo = repo;
    this.listener = listener;
  }

  public Result run() throws IOException {
    return run(new ArrayList<>(new java.util.TreeSet<>(repo.refs().values())));
  }

  public Result run(List<ObjectId> commits) throws IOException {
    Repo.prepareDigests();
    var bad = Collections.synchronizedList(new ArrayList<Bad>());
    var seenTrees = new HashSet<ObjectId>();
    var files = new LinkedHashMap<ObjectId, FileRef>();
    long checked = 0;
    for (ObjectId c : commits) {
      try {
        Commit commit = Commit.read(repo, c);
        checked++;
        checked += meta(commit.rootMeta(), c, bad);
        checked += tree(commit.rootTree(), c, seenTrees, files, bad);
      } catch (StoreException e) {
        bad.add(new Bad(c, ObjectType.COMMIT, c, "commit " + c + ": " + e.getMessage()));
      }
    }
    checked += verifyFiles(files, bad);
    var sorted = new ArrayList<>(bad);
    sorted.sort(java.util.Comparator.comparing((Bad b) -> b.id().name()));
    return new Result(checked, List.copyOf(sorted));
  }

  private record FileRef(String name, ObjectId commit) {}

  private long meta(ObjectId id, ObjectId commit, List<Bad> bad) throws IOException {
    try {
      repo.readMetadata(id, ObjectType.DIR_META);
      return 1;
    } catch (StoreException e) {
      bad.add(new Bad(id, ObjectType.DIR_META, commit, e.getMessage()));
      return 0;
    }
  }

  private long tree(ObjectId id, ObjectId commit, Set<ObjectId> trees, Map<ObjectId, FileRef> files, List<Bad> bad)
      throws IOException {
    if (!trees.add(id)) {
      return 0;
    }
    Commit.Tree t;
    try {
      t = Commit.tree(repo, id);
    } catch (StoreException e) {
      bad.add(new Bad(id, ObjectType.DIR_TREE, commit, e.getMessage()));
      return 0;
    }
    long checked = 1;
    for (var e : t.files().entrySet()) {
      files.putIfAbsent(e.getValue(), new FileRef(e.getKey(), commit));
    }
    for (var d : t.dirs().values()) {
      checked += meta(d.meta(), commit, bad);
      checked += tree(d.tree(), commit, trees, files, bad);
    }
    return checked;
  }

  /** Why an object could not be checked; the JDK's file exceptions say only the path in their message. */
  static String reason(Exception ex) {
    if (ex instanceof java.nio.file.AccessDeniedException a) {
      return a.getFile() + ": permission denied (fsck reads every object: run it as the repository's owner)";
    }
    if (ex instanceof java.nio.file.NoSuchFileException n) {
      return n.getFile() + ": missing";
    }
    if (ex instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getFile() + ": " + f.getReason();
    }
    return ex.getMessage() != null ? ex.getMessage() : ex.toString();
  }

  private long verifyFiles(Map<ObjectId, FileRef> files, List<Bad> bad) throws IOException {
    var done = new AtomicLong();
    long total = files.size();
    var pool = new ForkJoinPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
    try {
      pool.submit(() -> files.entrySet().parallelStream().forEach(e -> {
        ObjectId id = e.getKey();
        String name = e.getValue().name();
        try {
          if (!Content.verify(repo, id)) {
            bad.add(new Bad(id, ObjectType.FILE, e.getValue().commit(),
                "corrupted file object " + id + " (" + name + "): its checksum does not match"));
          }
        } catch (IOException | RuntimeException ex) {
          bad.add(new Bad(id, ObjectType.FILE, e.getValue().commit(), "file object " + id + " (" + name + "): "
              + reason(ex)));
        }
        long n = done.incrementAndGet();
        if (n % 1000 == 0 || n == total) {
          listener.progress("fsck", n, total);
        }
      })).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("fsck interrupted");
    } catch (ExecutionException e) {
      throw new StoreException("fsck failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdown();
    }
    return total;
  }
}
