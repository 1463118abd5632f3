package dev.caisson.store.delta;

import dev.caisson.store.Content;
import dev.caisson.store.FileMeta;
import dev.caisson.store.ObjectId;
import dev.caisson.store.ObjectType;
import dev.caisson.store.Repo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Runs one part's opcodes against a repository: {@code S} (open-splice-and-close: a whole object
 * from the payload), {@code o} (open a content object of a given size), {@code w} (write bytes from
 * the payload, or from the read source when one is set), {@code r}/{@code R} (set/unset the read
 * source: an object of the old commit named by a checksum in the payload), {@code B} (bspatch the
 * read source into the open object) and {@code c} (close: verify and store). Every object is
 * checked against the checksum the part header lists for it before it is stored; objects the
 * repository already has are skipped.
 */
final class PartExecutor {
  private final Repo repo;
  private final List<Superblock.Ref> objects;
  private final DeltaPart part;
  private final Varint.Reader ops;
  private int index;
  // the open object (o ... c)
  private Superblock.Ref target;
  private FileMeta meta;
  private boolean have;
  private byte[] out;
  private int outPos;
  private byte[] source;

  PartExecutor(Repo repo, List<Superblock.Ref> objects, DeltaPart part) {
    this.repo = repo;
    this.objects = objects;
    this.part = part;
    this.ops = new Varint.Reader(part.ops());
  }

  void run() throws IOException {
    if (objects.isEmpty()) {
      return;
    }
    while (ops.hasMore()) {
      int at = ops.position();
      int op = ops.opcode();
      switch (op) {
        case 'S' -> spliceAndClose();
        case 'o' -> open();
        case 'w' -> write();
        case 'r' -> setReadSource();
        case 'R' -> {
          source = null;
          sourceId = null;
        }
        case 'c' -> close();
        case 'B' -> bspatch();
        default -> throw new DeltaException("unknown delta opcode " + op + " at offset " + at);
      }
    }
  }

  private Superblock.Ref next() throws DeltaException {
    if (index >= objects.size()) {
      throw new DeltaException("the part's opcodes write more objects than its header lists (" + objects.size() + ")");
    }
    return objects.get(index);
  }

  private int[] range(long offset, long length) throws DeltaException {
    byte[] p = part.payload();
    if (offset < 0 || length < 0 || offset + length > p.length) {
      throw new DeltaException("opcode reads " + length + " bytes at " + offset + ", outside the payload (" + p.length
          + " bytes)");
    }
    return new int[] {(int) offset, (int) length};
  }

  private void spliceAndClose() throws IOException {
    Superblock.Ref ref = next();
    if (ref.type().isMetadata()) {
      long length = ops.next();
      int[] r = range(ops.next(), length);
      if (!repo.has(ref.id(), ref.type())) {
        byte[] bytes = Arrays.copyOfRange(part.payload(), r[0], r[0] + r[1]);
        ObjectId got = ObjectId.fromRaw(Repo.sha256(bytes));
        if (!got.equals(ref.id())) {
          throw new DeltaException(ref.type().extension(repo.mode()) + " object " + ref.id()
              + " in the delta does not hash to its name; refusing it");
        }
        repo.writeMetadata(ref.type(), bytes);
      }
    } else {
      long mode = ops.next();
      long xattr = ops.next();
      long size = ops.next();
      int[] r = range(ops.next(), size);
      FileMeta m = part.meta(mode, xattr, "");
      if (!repo.has(ref.id(), ObjectType.FILE)) {
        if (m.isSymlink()) {
          String linkTarget = new String(part.payload(), r[0], r[1], StandardCharsets.UTF_8);
          m = part.meta(mode, xattr, linkTarget);
        } else if ((m.mode() & FileMeta.S_IFMT) != FileMeta.S_IFREG) {
          throw new DeltaException("content object " + ref.id() + " in the delta is neither a file nor a symlink");
        }
        Content.writeVerified(repo, ref.id(), m, part.payload(), r[0], r[1]);
      }
    }
    index++;
    source = null;
    sourceId = null;
  }

  private void open() throws IOException {
    if (target != null) {
      throw new DeltaException("opcode open while object " + target.id() + " is still open");
    }
    target = next();
    if (target.type() != ObjectType.FILE) {
      throw new DeltaException("opcode open on a metadata object");
    }
    meta = part.meta(ops.next(), ops.next(), "");
    long size = ops.next();
    if (size < 0 || size > Integer.MAX_VALUE - 16) {
      throw new DeltaException("object " + target.id() + " is too large for this delta reader (" + size + " bytes)");
    }
    have = repo.has(target.id(), ObjectType.FILE);
    out = have ? null : new byte[(int) size];
    outPos = 0;
  }

  private void write() throws IOException {
    long size = ops.next();
    long offset = ops.next();
    if (target == null) {
      throw new DeltaException("opcode write with no open object");
    }
    if (have) {
      return;
    }
    byte[] from;
    int at;
    if (sourceId != null) {
      from = source();
      if (offset < 0 || offset + size > from.length) {
        throw new DeltaException("opcode write reads past the end of the read source");
      }
      at = (int) offset;
    } else {
      from = part.payload();
      at = range(offset, size)[0];
    }
    if (outPos + size > out.length) {
      throw new DeltaException("opcode write overflows object " + target.id());
    }
    System.arraycopy(from, at, out, outPos, (int) size);
    outPos += (int) size;
  }

  private void setReadSource() throws IOException {
    int[] r = range(ops.next(), 32);
    sourceId = ObjectId.fromRaw(Arrays.copyOfRange(part.payload(), r[0], r[0] + 32));
    source = null;
  }

  private ObjectId sourceId;

  /** The read source's bytes, loaded when an object that is not yet stored needs them. */
  private byte[] source() throws IOException {
    if (source == null) {
      if (!repo.has(sourceId, ObjectType.FILE)) {
        throw new DeltaException("object " + sourceId + ", which the delta builds on, is not in the repository");
      }
      Content.Loaded l = Content.load(repo, sourceId);
      try (InputStream in = l.content()) {
        source = in.readAllBytes();
      }
    }
    return source;
  }

  private void bspatch() throws IOException {
    long offset = ops.next();
    long length = ops.next();
    if (target == null) {
      throw new DeltaException("opcode bspatch with no open object");
    }
    if (have) {
      return;
    }
    if (sourceId == null) {
      throw new DeltaException("opcode bspatch with no read source");
    }
    int[] r = range(offset, length);
    out = Bspatch.apply(source(), part.payload(), r[0], r[1], out.length);
    outPos = out.length;
  }

  private void close() throws IOException {
    if (target == null) {
      throw new DeltaException("opcode close with no open object");
    }
    if (!have) {
      if (outPos != out.length) {
        throw new DeltaException("object " + target.id() + " got " + outPos + " of its " + out.length + " bytes");
      }
      Content.writeVerified(repo, target.id(), meta, out, 0, out.length);
    }
    target = null;
    out = null;
    meta = null;
    source = null;
    sourceId = null;
    index++;
  }
}
