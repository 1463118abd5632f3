package dev.caisson.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * The commit stat cache, {@code REPO/caisson/statcache}: what a regular file's lstat said when it
 * was last committed (device, inode, size, mtime, ctime, mode, owner) and the checksum of the
 * content object it became. A file whose lstat still says exactly that is not read again, as long
 * as its object is still in the repository.
 *
 * <p>Why this is safe: any write to a file, any chmod, chown, setxattr or link count change moves
 * its ctime forward, and no system call sets ctime back. An entry is recorded only when the file's
 * mtime and ctime are more than {@link #RACY_WINDOW_NS} older than the start of the commit that
 * read it (git's "racy" rule): a change made in the same timestamp tick as the read, which would
 * leave ctime unchanged, cannot then be missed. The object's header also depends on the commit's
 * options ({@code --owner-uid}, {@code --owner-gid}, {@code --canonical-permissions}) and on the
 * repository's mode: they are the cache's fingerprint, and a commit with another fingerprint
 * ignores the cache and replaces it. The file carries a version and a CRC-32C; one that does not
 * check out is ignored and rebuilt.
 */
final class StatCache {
  static final String FILE = "caisson/statcache";
  /** Entries younger than this at the start of a commit are not recorded. */
  static final long RACY_WINDOW_NS = 2_000_000_000L;
  private static final int MAGIC = 0x43535443; // "CSTC"
  private static final int VERSION = 1;
  private static final int ENTRY_BYTES = 5 * 8 + 3 * 4 + 32;

  /** A regular file's state as one lstat gives it. */
  record Key(long dev, long ino, long size, long mtimeNs, long ctimeNs, int mode, int uid, int gid) {
    // written out: the generated ones go through invokedynamic, slow in a short-lived JVM
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.ino == ino && k.ctimeNs == ctimeNs && k.mtimeNs == mtimeNs && k.size == size
          && k.dev == dev && k.mode == mode && k.uid == uid && k.gid == gid;
    }

    @Override
    public int hashCode() {
      long h = ino * 0x9E3779B97F4A7C15L ^ ctimeNs * 31 ^ dev;
      return (int) (h ^ (h >>> 32));
    }
  }

  private final Repo repo;
  private final String fingerprint;
  private final long youngestNs;
  private final Map<Key, ObjectId> old;
  private final Map<Key, ObjectId> fresh = new ConcurrentHashMap<>();

  private StatCache(Repo repo, String fingerprint, long youngestNs, Map<Key, ObjectId> old) {
    this.repo = repo;
    this.fingerprint = fingerprint;
    this.youngestNs = youngestNs;
    this.old = old;
  }

  /**
   * Loads the cache of {@code repo} for a commit with these options that started at {@code startNs}
   * (nanoseconds since the epoch); empty when there is none, it is damaged, or it was made with
   * another fingerprint.
   */
  static StatCache open(Repo repo, CommitWriter.Options o, long startNs, long racyWindowNs) {
    String fp = fingerprint(repo, o);
    return new StatCache(repo, fp, startNs - racyWindowNs, read(repo, fp));
  }

  private static String fingerprint(Repo repo, CommitWriter.Options o) {
    return "mode=" + repo.mode().configName() + " uid=" + o.ownerUid().map(String::valueOf).orElse("-") + " gid="
        + o.ownerGid().map(String::valueOf).orElse("-") + " canonical=" + o.canonical();
  }

  private static Map<Key, ObjectId> read(Repo repo, String fingerprint) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(repo.path().resolve(FILE));
    } catch (IOException e) {
      return Map.of(); // none yet, or unreadable: start over
    }
    try {
      if (bytes.length < 4) {
        return Map.of();
      }
      var crc = new CRC32C();
      crc.update(bytes, 0, bytes.length - 4);
      ByteBuffer b = ByteBuffer.wrap(bytes);
      if ((int) crc.getValue() != b.getInt(bytes.length - 4) || b.getInt() != MAGIC || b.getInt() != VERSION) {
        return Map.of();
      }
      byte[] fp = new byte[b.getShort() & 0xffff];
      b.get(fp);
      if (!new String(fp, StandardCharsets.UTF_8).equals(fingerprint)) {
        return Map.of();
      }
      int count = b.getInt();
      if (count < 0 || (long) count * ENTRY_BYTES != b.remaining() - 4) {
        return Map.of();
      }
      var out = new HashMap<Key, ObjectId>(count * 4 / 3 + 1);
      byte[] raw = new byte[32];
      for (int i = 0; i < count; i++) {
        var k = new Key(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getInt(), b.getInt(),
            b.getInt());
        b.get(raw);
        out.put(k, ObjectId.fromRaw(raw));
      }
      return out;
    } catch (RuntimeException e) {
      return Map.of(); // damaged in a way the checks above let through: start over
    }
  }

  /** The checksum this file had when it was committed in this state, if the cache has it. */
  ObjectId lookup(Key k) {
    return old.get(k);
  }

  /** Records a file committed in this commit, unless its mtime or ctime is too recent to trust. */
  void record(Key k, ObjectId id) {
    if (k.mtimeNs() < youngestNs && k.ctimeNs() < youngestNs) {
      fresh.put(k, id);
    }
  }

  /**
   * Replaces the cache with this commit's entries (after its objects are durable), unless they are
   * the ones it already held.
   */
  void save() throws IOException {
    if (fresh.equals(old)) {
      return;
    }
    byte[] fp = fingerprint.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(4 + 4 + 2 + fp.length + 4 + fresh.size() * ENTRY_BYTES + 4);
    b.putInt(MAGIC).putInt(VERSION).putShort((short) fp.length).put(fp).putInt(fresh.size());
    for (var e : fresh.entrySet()) {
      Key k = e.getKey();
      b.putLong(k.dev()).putLong(k.ino()).putLong(k.size()).putLong(k.mtimeNs()).putLong(k.ctimeNs())
          .putInt(k.mode()).putInt(k.uid()).putInt(k.gid()).put(e.getValue().raw());
    }
    var crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    repo.writeRepoFile(FILE, b.array());
  }
}
