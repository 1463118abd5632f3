package dev.caisson.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The symlinks of a tree, {@code REPO/caisson/symlinks/DIRTREE}: each file object of the tree (at any
 * depth) that stands for a symlink, with its target. A bare-user repository keeps symlinks as
 * regular files whose real mode is in their {@code user.ostreemeta} xattr, so a hard-link checkout
 * would otherwise read one xattr per file to find the few it must make into symlinks (on a Debian
 * minbase tree that read was a seventh of the checkout's CPU, and the symlinks' own loading another
 * twentieth).
 *
 * <p>Why it can be trusted: a file object's checksum covers its mode and target, so whether an
 * object is a symlink, and where it points, never changes; a dirtree's checksum covers every
 * object under it, so a tree's list never goes stale, even across a prune that deletes the tree
 * and a later commit or pull that brings it back. The file is derived data: {@link CommitWriter}
 * writes it inside the commit's transaction, a checkout that had to read the xattrs writes it
 * afterwards, prune deletes those of trees it deleted. One that is missing, truncated or damaged
 * (it ends in a CRC-32 over the rest: zlib's, native, where CRC-32C's tables are built by Java code
 * at its first use, a millisecond of a checkout) is ignored and written again.
 */
final class SymlinkIndex {
  static final String DIR = "caisson/symlinks";
  private static final int MAGIC = 0x4353594d; // "CSYM"
  private static final int VERSION = 1;

  private SymlinkIndex() {}

  /** The symlinks of {@code tree}, when the repository has an intact index of them. */
  static Optional<Map<ObjectId, String>> read(Repo repo, ObjectId tree) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file(repo, tree));
    } catch (IOException e) {
      return Optional.empty(); // none yet (or unreadable): the caller reads the objects instead
    }
    try {
      if (bytes.length < 16) {
        return Optional.empty();
      }
      var crc = new CRC32();
      crc.update(bytes, 0, bytes.length - 4);
      ByteBuffer b = ByteBuffer.wrap(bytes, 0, bytes.length - 4);
      if ((int) crc.getValue() != ByteBuffer.wrap(bytes).getInt(bytes.length - 4) || b.getInt() != MAGIC
          || b.getInt() != VERSION) {
        return Optional.empty();
      }
      int count = b.getInt();
      if (count < 0 || count > b.remaining() / 34) {
        return Optional.empty();
      }
      var out = new HashMap<ObjectId, String>(count * 4 / 3 + 1);
      byte[] raw = new byte[32];
      for (int i = 0; i < count; i++) {
        b.get(raw);
        byte[] target = new byte[b.getShort() & 0xffff];
        b.get(target);
        out.put(ObjectId.fromRaw(raw), new String(target, StandardCharsets.UTF_8));
      }
      return b.hasRemaining() ? Optional.empty() : Optional.of(out);
    } catch (RuntimeException e) {
      return Optional.empty(); // damaged in a way the checks above let through
    }
  }

  /**
   * Records the symlinks of {@code tree} (through a temp file and a rename; synced unless a
   * transaction's sync covers it).
   */
  static void write(Repo repo, ObjectId tree, Map<ObjectId, String> symlinks) throws IOException {
    var ids = new java.util.ArrayList<ObjectId>(symlinks.size());
    var targets = new java.util.ArrayList<byte[]>(symlinks.size());
    int size = 4 + 4 + 4 + 4;
    for (Map.Entry<ObjectId, String> e : symlinks.entrySet()) {
      byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
      if (bytes.length > 0xffff) {
        return; // beyond any PATH_MAX: such a tree is checked out the slow way
      }
      ids.add(e.getKey());
      targets.add(bytes);
      size += 32 + 2 + bytes.length;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putInt(MAGIC).putInt(VERSION).putInt(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      byte[] t = targets.get(i);
      b.put(ids.get(i).raw()).putShort((short) t.length).put(t);
    }
    var crc = new CRC32();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    repo.writeFile(file(repo, tree), b.array());
  }

  /** Deletes the indexes of trees the repository no longer has. */
  static void prune(Repo repo) throws IOException {
    Path dir = repo.path().resolve(DIR);
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var s = Files.list(dir)) {
      for (Path p : s.toList()) {
        String name = p.getFileName().toString();
        if (!ObjectId.isValid(name) || !repo.has(ObjectId.fromString(name), ObjectType.DIR_TREE)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static Path file(Repo repo, ObjectId tree) {
    return repo.path().resolve(DIR).resolve(tree.name());
  }
}
