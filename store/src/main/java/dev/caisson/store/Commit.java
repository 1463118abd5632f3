package dev.caisson.store;

import dev.caisson.store.gvariant.GVariant;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed commit object.
 *
 * @param metadata its {@code a{sv}} metadata, in stored order
 * @param timestamp seconds since the epoch
 */
public record Commit(ObjectId id, Map<String, GVariant.Variant> metadata, Optional<ObjectId> parent, String subject,
    String body, long timestamp, ObjectId rootTree, ObjectId rootMeta) {

  public static Commit read(Repo repo, ObjectId id) throws IOException {
    return read(repo, id, true);
  }

  /**
   * As {@link #read(Repo, ObjectId)}; {@code verify} false trusts the local store, as a checkout
   * trusts its trees (and saves a command that hashes nothing else the digest's set-up, 10 ms).
   */
  @SuppressWarnings("unchecked")
  static Commit read(Repo repo, ObjectId id, boolean verify) throws IOException {
    byte[] bytes = repo.readMetadata(id, ObjectType.COMMIT, verify);
    List<Object> v;
    try {
      v = (List<Object>) GVariant.parse("(a{sv}aya(say)sstayay)", bytes);
    } catch (RuntimeException e) {
      throw new StoreException("commit " + id + " is not a well-formed commit object: " + e.getMessage());
    }
    var meta = new LinkedHashMap<String, GVariant.Variant>();
    for (Object o : (List<Object>) v.get(0)) {
      List<Object> entry = (List<Object>) o;
      meta.put((String) entry.get(0), (GVariant.Variant) entry.get(1));
    }
    byte[] parent = (byte[]) v.get(1);
    return new Commit(id, meta, parent.length == 32 ? Optional.of(ObjectId.fromRaw(parent)) : Optional.empty(),
        (String) v.get(3), (String) v.get(4), GVariant.be64((Long) v.get(5)), ObjectId.fromRaw((byte[]) v.get(6)),
        ObjectId.fromRaw((byte[]) v.get(7)));
  }

  /** A string metadata value, such as {@code version}. */
  public Optional<String> string(String key) {
    GVariant.Variant v = metadata.get(key);
    return v != null && v.value() instanceof String s ? Optional.of(s) : Optional.empty();
  }

  /** A directory listing: files (name to content checksum) and subdirectories (name to tree and meta). */
  public record Tree(Map<String, ObjectId> files, Map<String, Dir> dirs) {}

  /** A subdirectory's tree and dirmeta. */
  public record Dir(ObjectId tree, ObjectId meta) {}

  public static Tree tree(Repo repo, ObjectId id) throws IOException {
    return tree(repo, id, true);
  }

  /** As {@link #tree(Repo, ObjectId)}; {@code verify} false trusts the local store (checkouts). */
  static Tree tree(Repo repo, ObjectId id, boolean verify) throws IOException {
    return parseTree(id, repo.readMetadata(id, ObjectType.DIR_TREE, verify));
  }

  /** A dirtree from its bytes (already checked against {@code id}, which only names it in errors). */
  public static Tree parseTree(ObjectId id, byte[] bytes) throws StoreException {
    Tree tree;
    try {
      tree = DirTreeParser.parse(bytes);
    } catch (RuntimeException e) {
      throw new StoreException("dirtree " + id + " is malformed: " + e.getMessage());
    }
    for (String name : tree.files().keySet()) {
      checkName(id, name);
    }
    for (String name : tree.dirs().keySet()) {
      checkName(id, name);
    }
    return tree;
  }

  /** Names from a repository are untrusted: no path separators, no dot entries. */
  private static void checkName(ObjectId tree, String name) throws StoreException {
    if (name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\0")) {
      throw new StoreException("dirtree " + tree + " holds an invalid name '" + name + "'");
    }
  }

  public static FileMeta dirMeta(Repo repo, ObjectId id) throws IOException {
    return dirMeta(repo, id, true);
  }

  static FileMeta dirMeta(Repo repo, ObjectId id, boolean verify) throws IOException {
    return FileMeta.parseDirMeta(repo.readMetadata(id, ObjectType.DIR_META, verify), "");
  }
}
