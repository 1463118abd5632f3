package dev.caisson.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code prune}: deletes the objects nothing needs. Roots are every commit in the repository (or,
 * with {@code refsOnly}, the commits refs point at), plus the commits deployments of the sysroot
 * around the repository hold, always. From each root, history is followed {@code depth} parents
 * deep (-1: all), skipping commits older than {@code keepYoungerThan} unless a ref or a deployment
 * names them. Unreachable commits go first, then trees, then file objects, so a killed prune leaves
 * only unreachable leftovers, never a commit with missing parts.
 */
public final class Prune {
  /** What to keep. */
  public record Options(boolean refsOnly, int depth, Optional<Instant> keepYoungerThan, boolean dryRun) {
    public static Options defaults() {
      return new Options(false, -1, Optional.empty(), false);
    }
  }

  /** What prune found and removed. */
  public record Result(long total, long deleted, long bytesFreed) {}

  private final Repo repo;

  public Prune(Repo repo) {
    this.repo = repo;
  }

  public Result run(Options o) throws IOException {
    var pinned = new HashSet<ObjectId>(repo.refs().values());
    pinned.addAll(deployedCommits());
    var roots = new ArrayList<ObjectId>(pinned);
    if (!o.refsOnly()) {
      roots.addAll(all(ObjectType.COMMIT));
    }
    var keep = new HashSet<Key>();
    for (ObjectId root : roots) {
      ObjectId c = root;
      for (int level = 0; o.depth() < 0 || level <= o.depth(); level++) {
        if (!repo.has(c, ObjectType.COMMIT) || keep.contains(new Key(c, ObjectType.COMMIT))) {
          break;
        }
        Commit commit = Commit.read(repo, c);
        boolean old = o.keepYoungerThan().isPresent()
            && Instant.ofEpochSecond(commit.timestamp()).isBefore(o.keepYoungerThan().get());
        if (old && !pinned.contains(c)) {
          break; // its history is older still
        }
        keep.add(new Key(c, ObjectType.COMMIT));
        keep.add(new Key(c, ObjectType.COMMIT_META));
        keep.add(new Key(commit.rootMeta(), ObjectType.DIR_META));
        tree(commit.rootTree(), keep);
        if (commit.parent().isEmpty()) {
          break;
        }
        c = commit.parent().get();
      }
    }
    long total = 0;
    long deleted = 0;
    long freed = 0;
    // commits first: a killed prune must never leave a kept-looking commit with missing parts
    for (ObjectType type : List.of(ObjectType.COMMIT, ObjectType.COMMIT_META, ObjectType.TOMBSTONE_COMMIT,
        ObjectType.DIR_TREE, ObjectType.DIR_META, ObjectType.FILE)) {
      for (ObjectId id : all(type)) {
        total++;
        if (keep.contains(new Key(id, type))) {
          continue;
        }
        Path p = repo.objectPath(id, type);
        freed += Files.size(p);
        deleted++;
        if (!o.dryRun()) {
          Files.deleteIfExists(p);
          if (type == ObjectType.COMMIT) {
            Files.deleteIfExists(repo.path().resolve("state").resolve(id.name() + ".commitpartial"));
          }
        }
      }
    }
    if (!o.dryRun()) {
      SymlinkIndex.prune(repo);
    }
    return new Result(total, deleted, freed);
  }

  private record Key(ObjectId id, ObjectType type) {}

  private void tree(ObjectId id, Set<Key> keep) throws IOException {
    if (!keep.add(new Key(id, ObjectType.DIR_TREE))) {
      return;
    }
    if (!repo.has(id, ObjectType.DIR_TREE)) {
      return; // a partial commit: keep what is there
    }
    Commit.Tree t = Commit.tree(repo, id);
    for (ObjectId f : t.files().values()) {
      keep.add(new Key(f, ObjectType.FILE));
    }
    for (Commit.Dir d : t.dirs().values()) {
      keep.add(new Key(d.meta(), ObjectType.DIR_META));
      tree(d.tree(), keep);
    }
  }

  /** Every object of one type in the repository. */
  private List<ObjectId> all(ObjectType type) throws IOException {
    String ext = "." + type.extension(repo.mode());
    var out = new ArrayList<ObjectId>();
    Path objects = repo.path().resolve("objects");
    if (!Files.isDirectory(objects)) {
      return out;
    }
    try (Stream<Path> dirs = Files.list(objects)) {
      for (Path d : dirs.filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.list(d)) {
          for (Path f : files.toList()) {
            String n = f.getFileName().toString();
            if (n.endsWith(ext)) {
              String hex = d.getFileName() + n.substring(0, n.length() - ext.length());
              if (ObjectId.isValid(hex)) {
                out.add(ObjectId.fromString(hex));
              }
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * The commits deployments hold when the repository is a sysroot's {@code ostree/repo}: every
   * {@code ostree/deploy/OS/deploy/CHECKSUM.SERIAL} directory names one, whether or not a ref does.
   */
  private List<ObjectId> deployedCommits() throws IOException {
    var out = new ArrayList<ObjectId>();
    Path deploy = repo.path().resolveSibling("deploy");
    if (!repo.path().getFileName().toString().equals("repo") || !Files.isDirectory(deploy)) {
      return out;
    }
    try (Stream<Path> oses = Files.list(deploy)) {
      for (Path os : oses.toList()) {
        Path dir = os.resolve("deploy");
        if (!Files.isDirectory(dir)) {
          continue;
        }
        try (Stream<Path> ds = Files.list(dir)) {
          for (Path d : ds.toList()) {
            String n = d.getFileName().toString();
            int dot = n.indexOf('.');
            if (dot == 64 && ObjectId.isValid(n.substring(0, 64))) {
              out.add(ObjectId.fromString(n.substring(0, 64)));
            }
          }
        }
      }
    }
    return out;
  }
}
