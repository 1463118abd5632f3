package dev.caisson.store;

/** OSTree's object kinds, with their loose-object file extensions. */
public enum ObjectType {
  FILE("file"),
  DIR_TREE("dirtree"),
  DIR_META("dirmeta"),
  COMMIT("commit"),
  TOMBSTONE_COMMIT("commit-tombstone"),
  COMMIT_META("commitmeta");

  private final String extension;

  ObjectType(String extension) {
    this.extension = extension;
  }

  /** The loose object's extension; content objects in archive repos take {@code filez}. */
  public String extension(RepoMode mode) {
    return this == FILE && mode == RepoMode.ARCHIVE ? "filez" : extension;
  }

  public boolean isMetadata() {
    return this != FILE;
  }

  /** OSTree's numbering of object types (ostree-core.h), used in deltas and sizes. */
  public int code() {
    return ordinal() + 1;
  }

  /** The type OSTree numbers {@code code}; fails on codes that name no object type this store keeps. */
  public static ObjectType ofCode(int code) {
    if (code < 1 || code > values().length) {
      throw new IllegalArgumentException("unknown object type " + code);
    }
    return values()[code - 1];
  }
}
