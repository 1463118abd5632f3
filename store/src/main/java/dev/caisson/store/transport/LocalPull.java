package dev.caisson.store.transport;

import dev.caisson.store.Commit;
import dev.caisson.store.Content;
import dev.caisson.store.FileMeta;
import dev.caisson.store.ObjectId;
import dev.caisson.store.ObjectType;
import dev.caisson.store.Repo;
import dev.caisson.store.StoreException;
import dev.caisson.store.StoreListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code pull-local}: copies a commit and everything it references from another repository on this
 * machine, in any mode, into this one. Every object is checked against its checksum on the way in,
 * and the commit is marked partial until it is complete, as for an HTTP pull.
 */
public final class LocalPull {
  private final Repo from;
  private final Repo into;
  private final StoreListener listener;

  public LocalPull(Repo from, Repo into, StoreListener listener) {
    this.from = from;
    this.into = into;
    this.listener = listener;
  }

  /** Copies {@code refOrCommit}; stores the ref under the same name when one was given. Returns the commit. */
  public ObjectId pull(String refOrCommit) throws IOException {
    Repo.prepareDigests();
    ObjectId commit = from.resolve(refOrCommit);
    Path partial = into.path().resolve("state").resolve(commit.name() + ".commitpartial");
    Files.createDirectories(partial.getParent());
    if (!into.has(commit, ObjectType.COMMIT) || Files.exists(partial)) {
      Files.write(partial, new byte[0]);
      Optional<byte[]> detached = from.readDetachedMetadata(commit);
      if (detached.isPresent()) {
        into.writeDetachedMetadata(commit, detached.get());
      }
      metadata(commit, ObjectType.COMMIT);
      Commit c = Commit.read(into, commit);
      metadata(c.rootMeta(), ObjectType.DIR_META);
      var files = new ArrayList<ObjectId>();
      tree(c.rootTree(), files, new HashSet<>());
      long done = 0;
      try (Repo.Transaction tx = into.begin()) {
        for (ObjectId f : files) {
          file(f);
          if (++done % 500 == 0 || done == files.size()) {
            listener.progress("pull-local", done, files.size());
          }
        }
        tx.commit();
      }
      Files.deleteIfExists(partial);
    }
    if (!ObjectId.isValid(refOrCommit)) {
      into.setRef(refOrCommit, Optional.of(commit));
    }
    return commit;
  }

  private void metadata(ObjectId id, ObjectType type) throws IOException {
    if (!into.has(id, type)) {
      into.writeMetadata(type, from.readMetadata(id, type)); // readMetadata checks the checksum
    }
  }

  private void tree(ObjectId id, List<ObjectId> files, Set<ObjectId> seen) throws IOException {
    if (!seen.add(id)) {
      return;
    }
    metadata(id, ObjectType.DIR_TREE);
    Commit.Tree t = Commit.tree(into, id);
    for (ObjectId f : t.files().values()) {
      if (!into.has(f, ObjectType.FILE)) {
        files.add(f);
      }
    }
    for (Commit.Dir d : t.dirs().values()) {
      metadata(d.meta(), ObjectType.DIR_META);
      tree(d.tree(), files, seen);
    }
  }

  private void file(ObjectId id) throws IOException {
    Content.Loaded l = Content.load(from, id);
    FileMeta meta = l.meta();
    Path tmp = Files.createTempFile(into.path().resolve("tmp"), "pull-local-", ".data");
    try {
      try (InputStream in = l.content()) {
        Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      ObjectId got = Content.checksum(tmp, meta);
      if (!got.equals(id)) {
        throw new StoreException("file object " + id + " in " + from.path() + " is corrupted (it hashes to " + got
            + "); run: caisson repo fsck --repo=" + from.path());
      }
      Content.write(into, tmp, meta);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
