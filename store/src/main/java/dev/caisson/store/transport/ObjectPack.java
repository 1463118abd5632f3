package dev.caisson.store.transport;

import dev.caisson.store.ObjectId;
import dev.caisson.store.ObjectType;
import dev.caisson.store.RepoMode;
import dev.caisson.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Caisson's batched object fetch, which a Caisson server offers beside the plain files: one POST to
 * {@value #PATH} (relative to the repository's URL) names many objects, and the answer carries them
 * all, in the order asked, as the archive repository stores them. ostree's protocol takes one GET per
 * object, which is what a static server can answer; a pull of a few thousand small objects then pays
 * a request and a response head for each (on a slow link, a round trip each). A puller asks for a
 * pack first and falls back to one GET per object when the server has no such endpoint.
 *
 * <p>Request body: per object, one byte of OSTree object type (1 file, 2 dirtree, 3 dirmeta, 4 commit,
 * 6 commitmeta) and its 32-byte checksum; at most {@value #MAX_OBJECTS} objects. Response body: per
 * object, its length as a big-endian 64-bit number ({@code -1}: the server does not have it), then
 * that many bytes. Nothing is trusted: the puller checks every object against its checksum.
 */
public final class ObjectPack {
  /** Where the endpoint is, relative to the repository's URL. */
  public static final String PATH = "caisson/objects";
  public static final String CONTENT_TYPE = "application/vnd.caisson.objects";
  public static final int MAX_OBJECTS = 4096;
  private static final int ENTRY = 1 + 32;
  /** The largest request body: {@link #MAX_OBJECTS} entries. */
  public static final int MAX_REQUEST_BYTES = MAX_OBJECTS * ENTRY;

  private ObjectPack() {}

  /** An object a puller asks for. */
  public record Wanted(ObjectId id, ObjectType type) {
    public static Wanted file(ObjectId id) {
      return new Wanted(id, ObjectType.FILE);
    }

    /** Its path in an archive repository, as a static server serves it. */
    public String path() {
      String n = id.name();
      return "objects/" + n.substring(0, 2) + "/" + n.substring(2) + "." + type.extension(RepoMode.ARCHIVE);
    }

    /** What the remote says when it lacks the object. */
    StoreException missing() {
      return new StoreException("the remote is missing " + (type == ObjectType.FILE ? "file object" : type.extension(
          RepoMode.ARCHIVE)) + " " + id);
    }
  }

  /** The request body naming {@code wanted}. */
  public static byte[] encode(List<Wanted> wanted) {
    if (wanted.isEmpty() || wanted.size() > MAX_OBJECTS) {
      throw new IllegalArgumentException("a pack names 1 to " + MAX_OBJECTS + " objects, not " + wanted.size());
    }
    ByteBuffer b = ByteBuffer.allocate(wanted.size() * ENTRY);
    for (Wanted w : wanted) {
      b.put((byte) w.type().code()).put(w.id().raw());
    }
    return b.array();
  }

  /** The objects a request body names; refuses a malformed one (a client's error, answered with 400). */
  public static List<Wanted> decode(byte[] body) throws StoreException {
    if (body.length == 0 || body.length % ENTRY != 0 || body.length / ENTRY > MAX_OBJECTS) {
      throw new StoreException("an object pack request names 1 to " + MAX_OBJECTS + " objects in " + ENTRY
          + " bytes each; this one has " + body.length + " bytes");
    }
    var out = new ArrayList<Wanted>(body.length / ENTRY);
    for (int at = 0; at < body.length; at += ENTRY) {
      int code = body[at] & 0xff;
      ObjectType type;
      try {
        type = ObjectType.ofCode(code);
      } catch (IllegalArgumentException e) {
        throw new StoreException("an object pack request names object type " + code + ", which is none");
      }
      if (type == ObjectType.TOMBSTONE_COMMIT) {
        throw new StoreException("an object pack request names a commit tombstone, which is not served");
      }
      out.add(new Wanted(ObjectId.fromRaw(java.util.Arrays.copyOfRange(body, at + 1, at + ENTRY)), type));
    }
    return out;
  }

  /** What an answer holds: each object's file (empty where the repository lacks it), and the body's length. */
  public record Plan(List<Optional<RepoFiles.Served>> objects, long length) {}

  /**
   * Looks the objects up, by the same rules as any file the server serves (no symlinks, nothing
   * outside), each XX/ directory checked once per pack.
   */
  public static Plan plan(RepoFiles files, List<Wanted> wanted) throws IOException {
    var objects = new ArrayList<Optional<RepoFiles.Served>>(wanted.size());
    long length = 0;
    var insideDirs = new java.util.HashSet<java.nio.file.Path>();
    for (Wanted w : wanted) {
      Optional<RepoFiles.Served> f = files.resolveFile(w.path(), insideDirs);
      objects.add(f);
      length += 8 + f.map(RepoFiles.Served::size).orElse(0L);
    }
    return new Plan(objects, length);
  }

  /**
   * Writes the answer's body, gathering small objects into {@code buffer}-sized writes. Throws if a
   * file shrank since it was planned (the body's length is promised): the server then drops the
   * connection, and the puller fetches what it still lacks one object at a time. (Objects do not
   * change; one that did would fail the puller's checksum.)
   */
  public static void write(Plan plan, OutputStream out, byte[] buffer) throws IOException {
    if (buffer.length < 9) {
      throw new IllegalArgumentException("a buffer of " + buffer.length + " bytes holds no length and byte");
    }
    ByteBuffer b = ByteBuffer.wrap(buffer);
    for (Optional<RepoFiles.Served> o : plan.objects()) {
      if (b.remaining() < 8) {
        flush(b, out);
      }
      if (o.isEmpty()) {
        b.putLong(-1);
        continue;
      }
      long size = o.get().size();
      b.putLong(size);
      try (InputStream in = Files.newInputStream(o.get().path())) {
        long left = size;
        while (left > 0) {
          if (!b.hasRemaining()) {
            flush(b, out);
          }
          int n = in.read(buffer, b.position(), (int) Math.min(left, b.remaining()));
          if (n < 0) {
            throw new IOException(o.get().path() + " shrank while it was being served");
          }
          b.position(b.position() + n);
          left -= n;
        }
      }
    }
    flush(b, out);
  }

  private static void flush(ByteBuffer b, OutputStream out) throws IOException {
    if (b.position() > 0) {
      out.write(b.array(), 0, b.position());
      b.clear();
    }
  }
}
