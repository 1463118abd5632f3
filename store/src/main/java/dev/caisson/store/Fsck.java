package dev.caisson.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies every object reachable from the refs (or from given commits): each metadata object must
 * hash to its name and parse, each content object must hash to its name when read back.
 */
public final class Fsck {
  /** What fsck found: the number of objects checked and a line per broken one. */
  public record Result(long checked, List<String> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private final Repo repo;
  private final StoreListener listener;

  public Fsck(Repo repo, StoreListener listener) {
    this.repo = repo;
    this.listener = listener;
  }

  public Result run() throws IOException {
    return run(new ArrayList<>(new HashSet<>(repo.refs().values())));
  }

  public Result run(List<ObjectId> commits) throws IOException {
    var problems = new ArrayList<String>();
    var seenTrees = new HashSet<ObjectId>();
    var seenFiles = new HashSet<ObjectId>();
    long[] checked = {0};
    for (ObjectId c : commits) {
      try {
        Commit commit = Commit.read(repo, c);
        checked[0]++;
        repo.readMetadata(commit.rootMeta(), ObjectType.DIR_META);
        tree(commit.rootTree(), seenTrees, seenFiles, problems, checked);
      } catch (StoreException e) {
        problems.add("commit " + c + ": " + e.getMessage());
      }
    }
    return new Result(checked[0], problems);
  }

  private void tree(ObjectId id, Set<ObjectId> trees, Set<ObjectId> files, List<String> problems, long[] checked)
      throws IOException {
    if (!trees.add(id)) {
      return;
    }
    Commit.Tree t;
    try {
      t = Commit.tree(repo, id);
      checked[0]++;
    } catch (StoreException e) {
      problems.add(e.getMessage());
      return;
    }
    for (var e : t.files().entrySet()) {
      if (files.add(e.getValue())) {
        checked[0]++;
        try {
          if (!Content.verify(repo, e.getValue())) {
            problems.add("corrupted file object " + e.getValue() + " (" + e.getKey() + "): its checksum does not match");
          }
        } catch (IOException | RuntimeException ex) {
          problems.add("file object " + e.getValue() + " (" + e.getKey() + "): " + ex.getMessage());
        }
        if (checked[0] % 1000 == 0) {
          listener.progress("fsck", checked[0], 0);
        }
      }
    }
    for (var d : t.dirs().values()) {
      try {
        repo.readMetadata(d.meta(), ObjectType.DIR_META);
        checked[0]++;
      } catch (StoreException ex) {
        problems.add(ex.getMessage());
      }
      tree(d.tree(), trees, files, problems, checked);
    }
  }
}
