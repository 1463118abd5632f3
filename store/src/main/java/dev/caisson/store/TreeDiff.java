package dev.caisson.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The difference between two commits' trees, as {@code ostree diff} reports it: modified files
 * first, then removed paths, then added ones; a removed or added directory is one entry. Equal
 * subtrees (same dirtree and dirmeta checksums) are skipped without being read.
 */
public final class TreeDiff {
  /** A change: {@code M}, {@code D} or {@code A}, and the absolute path. */
  public record Change(char kind, String path) {
    @Override
    public String toString() {
      return kind + "    " + path;
    }
  }

  private final Repo repo;
  private final List<Change> modified = new ArrayList<>();
  private final List<Change> removed = new ArrayList<>();
  private final List<Change> added = new ArrayList<>();

  private TreeDiff(Repo repo) {
    this.repo = repo;
  }

  public static List<Change> between(Repo repo, ObjectId from, ObjectId to) throws IOException {
    var d = new TreeDiff(repo);
    Commit a = Commit.read(repo, from);
    Commit b = Commit.read(repo, to);
    d.dir("", a.rootTree(), b.rootTree());
    var all = new ArrayList<Change>(d.modified);
    all.addAll(d.removed);
    all.addAll(d.added);
    return all;
  }

  private void dir(String prefix, ObjectId treeA, ObjectId treeB) throws IOException {
    if (treeA.equals(treeB)) {
      return;
    }
    Commit.Tree a = Commit.tree(repo, treeA);
    Commit.Tree b = Commit.tree(repo, treeB);
    // the old tree's entries, files then directories (each in stored order), as ostree walks them
    for (var e : a.files().entrySet()) {
      String path = prefix + "/" + e.getKey();
      ObjectId other = b.files().get(e.getKey());
      if (other != null) {
        if (!other.equals(e.getValue())) {
          modified.add(new Change('M', path));
        }
      } else if (b.dirs().containsKey(e.getKey())) {
        modified.add(new Change('M', path)); // became a directory
      } else {
        removed.add(new Change('D', path));
      }
    }
    for (var e : a.dirs().entrySet()) {
      String path = prefix + "/" + e.getKey();
      Commit.Dir other = b.dirs().get(e.getKey());
      if (other != null) {
        if (!other.meta().equals(e.getValue().meta())) {
          modified.add(new Change('M', path));
        }
        dir(path, e.getValue().tree(), other.tree());
      } else if (b.files().containsKey(e.getKey())) {
        modified.add(new Change('M', path)); // became a file
      } else {
        removed.add(new Change('D', path));
      }
    }
    // then what only the new tree has; a new directory is listed with everything in it
    for (String n : b.files().keySet()) {
      if (!a.files().containsKey(n) && !a.dirs().containsKey(n)) {
        added.add(new Change('A', prefix + "/" + n));
      }
    }
    for (var e : b.dirs().entrySet()) {
      if (!a.files().containsKey(e.getKey()) && !a.dirs().containsKey(e.getKey())) {
        addAll(prefix + "/" + e.getKey(), e.getValue().tree());
      }
    }
  }

  private void addAll(String path, ObjectId tree) throws IOException {
    added.add(new Change('A', path));
    Commit.Tree t = Commit.tree(repo, tree);
    for (String n : t.files().keySet()) {
      added.add(new Change('A', path + "/" + n));
    }
    for (var e : t.dirs().entrySet()) {
      addAll(path + "/" + e.getKey(), e.getValue().tree());
    }
  }
}
