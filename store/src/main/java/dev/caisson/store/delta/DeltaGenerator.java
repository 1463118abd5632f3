package dev.caisson.store.delta;

import dev.caisson.store.Commit;
import dev.caisson.store.Content;
import dev.caisson.store.FileMeta;
import dev.caisson.store.ObjectId;
import dev.caisson.store.ObjectType;
import dev.caisson.store.Repo;
import dev.caisson.store.StoreListener;
import dev.caisson.store.gvariant.GVariant;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Builds a static delta in ostree 2022.7's format: every object the new commit reaches and the old
 * one does not goes into a part as an open-splice-and-close opcode (metadata first, then files,
 * then symlinks), except files above the fallback size, which are listed for loose fetching, and
 * files that replace a regular file at the same path and share at least half their bytes with it,
 * which are written as runs copied from the old object between literal writes (ostree's rollsum
 * opcodes). Parts are built, compressed with xz and written on all cores; the superblock (with the
 * new commit embedded) is written last, so a delta is listed only once it is complete.
 */
public final class DeltaGenerator {
  /**
   * @param minFallbackBytes files larger than this are fallbacks (0: none), ostree's {@code --min-fallback-size} in MB
   * @param maxChunkBytes a part's payload limit ({@code --max-chunk-size})
   * @param inline parts go into the superblock ({@code --inline})
   * @param xzPreset LZMA2 preset for the parts (ostree uses 8), or -1 for uncompressed parts
   */
  public record Options(long minFallbackBytes, long maxChunkBytes, boolean inline, int xzPreset) {
    public static final Options DEFAULT = new Options(4_000_000L, 32_000_000L, false, 2);
  }

  private final Repo repo;
  private final Options options;
  private final StoreListener listener;

  public DeltaGenerator(Repo repo, Options options, StoreListener listener) {
    this.repo = repo;
    this.options = options;
    this.listener = listener;
  }

  /** An object with its unpacked size, as planned into a part. */
  private record Planned(Superblock.Ref ref, long size, ObjectId source) {
    Planned(Superblock.Ref ref, long size) {
      this(ref, size, null);
    }
  }

  /** Generates the delta from {@code from} (empty: from scratch) to {@code to}, replacing any existing one. */
  public Superblock generate(Optional<ObjectId> from, ObjectId to) throws IOException {
    DeltaName name = new DeltaName(from, to);
    byte[] commitBytes = repo.readMetadata(to, ObjectType.COMMIT);
    var oldMeta = ConcurrentHashMap.<ObjectId>newKeySet();
    var oldFiles = new HashMap<ObjectId, String>();
    var oldPaths = new HashMap<String, ObjectId>();
    if (from.isPresent()) {
      Commit c = Commit.read(repo, from.get());
      oldMeta.add(c.rootMeta());
      walk(c.rootTree(), oldMeta, oldFiles, null, null);
      oldFiles.forEach((id, path) -> oldPaths.put(path, id));
    }
    Commit c = Commit.read(repo, to);
    var newMeta = new LinkedHashSet<Superblock.Ref>();
    var newFilePaths = new java.util.LinkedHashMap<ObjectId, String>();
    if (!oldMeta.contains(c.rootMeta())) {
      newMeta.add(new Superblock.Ref(ObjectType.DIR_META, c.rootMeta()));
    }
    walk(c.rootTree(), oldMeta, oldFiles, newMeta, newFilePaths);
    Set<ObjectId> newFiles = newFilePaths.keySet();

    // sizes and kinds of the new files (cheap: no content is read here)
    List<ObjectId> fileList = new ArrayList<>(newFiles);
    long[] sizes = new long[fileList.size()];
    boolean[] links = new boolean[fileList.size()];
    boolean[] raw = new boolean[fileList.size()];
    parallel(fileList.size(), i -> {
      Content.Loaded l = Content.load(repo, fileList.get(i));
      links[i] = l.meta().isSymlink();
      // a large file whose first 64 KiB do not compress (already compressed data) skips xz
      if (!links[i] && options.xzPreset() >= 0) {
        try (InputStream in = l.content()) {
          raw[i] = incompressible(in.readNBytes(PROBE));
        }
      } else {
        l.content().close();
      }
      sizes[i] = links[i] ? l.meta().symlinkTarget().getBytes(StandardCharsets.UTF_8).length
          : Content.unpackedSize(repo, fileList.get(i));
    });
    var plan = new ArrayList<Planned>();
    for (Superblock.Ref m : newMeta) {
      plan.add(new Planned(m, Files.size(repo.objectPath(m.id(), m.type()))));
    }
    var fallbacks = new ArrayList<Superblock.Fallback>();
    var symlinks = new ArrayList<Planned>();
    var rawPlan = new ArrayList<Planned>();
    for (int i = 0; i < sizes.length; i++) {
      ObjectId id = fileList.get(i);
      if (links[i]) {
        symlinks.add(new Planned(new Superblock.Ref(ObjectType.FILE, id), sizes[i]));
      } else if (options.minFallbackBytes() > 0 && sizes[i] > options.minFallbackBytes()) {
        fallbacks.add(new Superblock.Fallback(ObjectType.FILE, id, Files.size(repo.objectPath(id, ObjectType.FILE)),
            sizes[i]));
      } else {
        // the file at the same path in the old commit, if it is another regular file, may serve as a source
        ObjectId old = oldPaths.get(newFilePaths.get(id));
        var planned = new Planned(new Superblock.Ref(ObjectType.FILE, id), sizes[i],
            old != null && sizes[i] >= BlockMatch.BLOCK ? old : null);
        (raw[i] ? rawPlan : plan).add(planned);
      }
    }
    plan.addAll(symlinks);

    // split into parts: at most maxChunk each, and at least one per core when there is enough to share;
    // incompressible files go into parts of their own, stored without compression
    var parts = new ArrayList<List<Planned>>();
    split(plan, parts);
    int compressed = parts.size();
    if (!rawPlan.isEmpty()) {
      split(rawPlan, parts);
    }

    // an older delta between the same commits goes first (superblock first: it is never listed half-replaced)
    Path dir = repo.path().resolve(name.dir());
    if (Files.isDirectory(dir)) {
      StaticDeltas.delete(repo, name);
    }
    byte[][] inlined = new byte[parts.size()][];
    Superblock.PartHeader[] headers = new Superblock.PartHeader[parts.size()];
    var done = new AtomicLong();
    parallel(parts.size(), i -> {
      long[] usize = new long[1];
      DeltaPart part = build(parts.get(i), usize);
      byte[] file = part.file(i < compressed ? options.xzPreset() : Math.min(0, options.xzPreset()));
      headers[i] = new Superblock.PartHeader(0, Repo.sha256(file), file.length, usize[0],
          parts.get(i).stream().map(Planned::ref).toList());
      if (options.inline()) {
        inlined[i] = file;
      } else {
        repo.writeRepoFile(name.file(Integer.toString(i)), file);
      }
      listener.progress("delta", done.incrementAndGet(), parts.size());
    });

    var metadata = new ArrayList<List<Object>>();
    metadata.add(List.of("ostree.endianness", GVariant.Variant.of("y", (byte) 'l')));
    for (int i = 0; options.inline() && i < inlined.length; i++) {
      byte[] data = Arrays.copyOfRange(inlined[i], 1, inlined[i].length);
      metadata.add(List.of(name.file(Integer.toString(i)), GVariant.Variant.of("(yay)", List.of(inlined[i][0], data))));
    }
    Optional<byte[]> detached = repo.readDetachedMetadata(to);
    if (detached.isPresent()) {
      metadata.add(List.of(name.file("commitmeta"),
          GVariant.Variant.of("a{sv}", GVariant.parse("a{sv}", detached.get()))));
    }
    var sb = new Superblock(metadata, Instant.now().getEpochSecond(), from, to, commitBytes, List.of(headers),
        fallbacks);
    repo.writeRepoFile(name.file("superblock"), sb.serialize());
    return sb;
  }

  /**
   * Walks a tree, adding what the old commit lacks to {@code newMeta}/{@code newFiles} (with the
   * file's first path), or, with nulls, filling the old commit's sets (files with a path each).
   */
  private void walk(ObjectId tree, Set<ObjectId> oldMeta, Map<ObjectId, String> oldFiles,
      Set<Superblock.Ref> newMeta, Map<ObjectId, String> newFiles) throws IOException {
    var seen = new HashSet<ObjectId>();
    var stack = new ArrayList<Map.Entry<ObjectId, String>>();
    stack.add(Map.entry(tree, ""));
    while (!stack.isEmpty()) {
      var top = stack.remove(stack.size() - 1);
      ObjectId t = top.getKey();
      String dir = top.getValue();
      if (newMeta == null) {
        if (!oldMeta.add(t)) {
          continue;
        }
      } else {
        if (oldMeta.contains(t) || !seen.add(t)) {
          continue;
        }
        newMeta.add(new Superblock.Ref(ObjectType.DIR_TREE, t));
      }
      Commit.Tree listing = Commit.tree(repo, t);
      for (var f : listing.files().entrySet()) {
        if (newFiles == null) {
          oldFiles.putIfAbsent(f.getValue(), dir + "/" + f.getKey());
        } else if (!oldFiles.containsKey(f.getValue())) {
          newFiles.putIfAbsent(f.getValue(), dir + "/" + f.getKey());
        }
      }
      for (var d : listing.dirs().entrySet()) {
        if (newMeta == null) {
          oldMeta.add(d.getValue().meta());
        } else if (!oldMeta.contains(d.getValue().meta())) {
          newMeta.add(new Superblock.Ref(ObjectType.DIR_META, d.getValue().meta()));
        }
        stack.add(Map.entry(d.getValue().tree(), dir + "/" + d.getKey()));
      }
    }
  }

  /** Appends {@code plan} to {@code parts}, cut at the chunk size (at least one part per core when big enough). */
  private void split(List<Planned> plan, List<List<Planned>> parts) {
    long total = plan.stream().mapToLong(Planned::size).sum();
    int cores = Runtime.getRuntime().availableProcessors();
    long chunk = Math.min(options.maxChunkBytes(), Math.max(1_000_000L, (total + cores - 1) / cores));
    List<Planned> current = new ArrayList<>();
    long currentSize = 0;
    for (Planned p : plan) {
      if (!current.isEmpty() && currentSize + p.size() > chunk) {
        parts.add(current);
        current = new ArrayList<>();
        currentSize = 0;
      }
      current.add(p);
      currentSize += p.size();
    }
    parts.add(current);
  }

  private static final int PROBE = 64 * 1024;

  /** Whether a file's first bytes (a full 64 KiB probe) lose less than 5% to a fast deflate. */
  private static boolean incompressible(byte[] probe) {
    if (probe.length < PROBE) {
      return false;
    }
    var d = new java.util.zip.Deflater(1, true);
    try {
      d.setInput(probe);
      d.finish();
      byte[] out = new byte[PROBE + 1024];
      int n = 0;
      while (!d.finished() && n < out.length) {
        n += d.deflate(out, n, out.length - n);
      }
      return n > PROBE * 95L / 100;
    } finally {
      d.end();
    }
  }

  /** One part's payload: each object as open-splice-and-close, modes and xattr sets deduplicated. */
  private DeltaPart build(List<Planned> objects, long[] usize) throws IOException {
    var modes = new ArrayList<int[]>();
    var modeIndex = new HashMap<List<Integer>, Integer>();
    var xattrs = new ArrayList<List<Object>>();
    var xattrIndex = new HashMap<String, Integer>();
    var payload = new ByteArrayOutputStream();
    var ops = new ByteArrayOutputStream();
    for (Planned p : objects) {
      Superblock.Ref r = p.ref();
      if (r.type().isMetadata()) {
        byte[] bytes = Files.readAllBytes(repo.objectPath(r.id(), r.type()));
        long at = payload.size();
        payload.write(bytes);
        ops.write('S');
        Varint.write(ops, bytes.length);
        Varint.write(ops, at);
        usize[0] += bytes.length;
        continue;
      }
      Content.Loaded l = Content.load(repo, r.id());
      FileMeta m = l.meta();
      if (p.source() != null && !m.isSymlink()) {
        byte[] now;
        try (InputStream in = l.content()) {
          now = in.readAllBytes();
        }
        Content.Loaded o = Content.load(repo, p.source());
        byte[] old;
        try (InputStream in = o.content()) {
          old = in.readAllBytes();
        }
        List<BlockMatch.Run> runs = (o.meta().mode() & 04) != 0 && !o.meta().isSymlink()
            ? BlockMatch.runs(old, now) : List.of();
        int mi = modeIndex.computeIfAbsent(List.of(m.uid(), m.gid(), m.mode()), k -> {
          modes.add(new int[] {m.uid(), m.gid(), m.mode()});
          return modes.size() - 1;
        });
        List<Object> xv = m.xattrValue();
        int xi = xattrIndex.computeIfAbsent(xattrKey(xv), k -> {
          xattrs.add(xv);
          return xattrs.size() - 1;
        });
        usize[0] += now.length;
        if (BlockMatch.matched(runs) * 2 >= now.length) {
          copyRuns(p.source(), now, runs, mi, xi, payload, ops);
        } else {
          long at = payload.size();
          payload.write(now);
          ops.write('S');
          Varint.write(ops, mi);
          Varint.write(ops, xi);
          Varint.write(ops, now.length);
          Varint.write(ops, at);
        }
        continue;
      }
      int mi = modeIndex.computeIfAbsent(List.of(m.uid(), m.gid(), m.mode()), k -> {
        modes.add(new int[] {m.uid(), m.gid(), m.mode()});
        return modes.size() - 1;
      });
      List<Object> xv = m.xattrValue();
      int xi = xattrIndex.computeIfAbsent(xattrKey(xv), k -> {
        xattrs.add(xv);
        return xattrs.size() - 1;
      });
      long at = payload.size();
      long size;
      try (InputStream in = l.content()) {
        if (m.isSymlink()) {
          byte[] t = m.symlinkTarget().getBytes(StandardCharsets.UTF_8);
          payload.write(t);
          size = t.length;
        } else {
          size = in.transferTo(payload);
        }
      }
      ops.write('S');
      Varint.write(ops, mi);
      Varint.write(ops, xi);
      Varint.write(ops, size);
      Varint.write(ops, at);
      usize[0] += size;
    }
    return new DeltaPart(modes, xattrs, payload.toByteArray(), ops.toByteArray());
  }

  /**
   * A modified file as ostree's rollsum path writes one: open, then runs copied from the old object
   * (set-read-source on its checksum in the payload) between literal writes from the payload, close.
   */
  private static void copyRuns(ObjectId source, byte[] now, List<BlockMatch.Run> runs, int mi, int xi,
      ByteArrayOutputStream payload, ByteArrayOutputStream ops) {
    long sourceAt = payload.size();
    payload.writeBytes(source.raw());
    ops.write('o');
    Varint.write(ops, mi);
    Varint.write(ops, xi);
    Varint.write(ops, now.length);
    int pos = 0;
    boolean reading = false;
    for (BlockMatch.Run run : runs) {
      if (run.to() > pos) {
        if (reading) {
          ops.write('R');
          reading = false;
        }
        literal(now, pos, run.to() - pos, payload, ops);
      }
      if (!reading) {
        ops.write('r');
        Varint.write(ops, sourceAt);
        reading = true;
      }
      ops.write('w');
      Varint.write(ops, run.length());
      Varint.write(ops, run.from());
      pos = run.to() + run.length();
    }
    if (reading) {
      ops.write('R');
    }
    if (pos < now.length) {
      literal(now, pos, now.length - pos, payload, ops);
    }
    ops.write('c');
  }

  private static void literal(byte[] now, int from, int length, ByteArrayOutputStream payload,
      ByteArrayOutputStream ops) {
    long at = payload.size();
    payload.write(now, from, length);
    ops.write('w');
    Varint.write(ops, length);
    Varint.write(ops, at);
  }

  private static String xattrKey(List<Object> xv) {
    return java.util.HexFormat.of().formatHex(GVariant.serialize("a(ayay)", xv));
  }

  private interface Task {
    void run(int i) throws IOException;
  }

  private static void parallel(int n, Task task) throws IOException {
    try {
      IntStream.range(0, n).parallel().forEach(i -> {
        try {
          task.run(i);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Lists the objects a delta writes (for tests and {@code show}). */
  static Map<ObjectId, ObjectType> objects(Superblock sb) {
    var out = new HashMap<ObjectId, ObjectType>();
    sb.parts().forEach(p -> p.objects().forEach(r -> out.put(r.id(), r.type())));
    return out;
  }
}
