package dev.caisson.store;


/** How a repository stores file metadata (OSTree's {@code core.mode}). */
public enum RepoMode {
  /** Real owners, modes and xattrs; symlinks are symlinks. Needs root. */
  BARE("bare"),
  /** Owned by the repo's user; the real metadata is in the {@code user.ostreemeta} xattr. */
  BARE_USER("bare-user"),
  /** No metadata at all: canonical permissions only. */
  BARE_USER_ONLY("bare-user-only"),
  /** Compressed content objects, for serving over HTTP. */
  ARCHIVE("archive-z2");

  private final String configName;

  RepoMode(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /** Parses {@code bare}, {@code bare-user}, {@code bare-user-only}, {@code archive} or {@code archive-z2}. */
  public static RepoMode parse(String s) {
    if (s.equals("archive")) {
      return ARCHIVE;
    }
    for (RepoMode m : values()) { // a loop: a stream's first use costs every command a couple of ms
      if (m.configName.equals(s)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown repository mode '" + s
        + "': use bare, bare-user, bare-user-only or archive");
  }
}
