package dev.caisson.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The single-replica store: everything in memory, every write appended to {@code journal.jsonl} in a data
 * directory before it is acknowledged, and for durable tables forced to disk too. Forcing is a group commit:
 * the force runs outside the write lock and covers every line appended so far, so concurrent writers share
 * one fsync. A durable value is never read before it is on disk (a read of a newer one waits for the force),
 * so nothing is acknowledged on the strength of a write a crash could still take back. Opening replays the journal and
 * rewrites it compacted (temp file, fsync, rename, fsync of the directory); a line torn by a crash at the very end
 * is dropped, since it was never acknowledged. A lock file keeps a second process off the same directory.
 */
public final class EmbeddedStore implements FleetStore {
  private static final String JOURNAL = "journal.jsonl";

  private final Path dir;
  private final ObjectMapper json = Json.mapper();
  private final Map<String, Table<?>> tables = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentSkipListMap<String, Versioned<?>>> data = new ConcurrentHashMap<>();
  private final FileChannel lockChannel;
  private final FileLock lock;
  private FileChannel journal;
  private volatile long revision;
  private volatile long durableRevision;
  private final Object syncLock = new Object();
  private long lines;
  private long live;
  private boolean closed;

  private EmbeddedStore(Path dir, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Opens (creating) the store in {@code dir}, knowing the standard tables and {@code extra} ones. */
  public static EmbeddedStore open(Path dir, List<Table<?>> extra) throws BackendException {
    try {
      Files.createDirectories(dir);
      var lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        lock = null; // this very process holds it
      }
      if (lock == null) {
        lockChannel.close();
        throw new BackendException("another server uses the data directory " + dir);
      }
      var store = new EmbeddedStore(dir, lockChannel, lock);
      for (Table<?> t : List.of(Table.LOCKS, Table.STREAMS, Table.ROLLOUTS, Table.NODES)) {
        store.tables.put(t.name(), t);
      }
      for (Table<?> t : extra) {
        store.tables.put(t.name(), t);
      }
      store.replay();
      store.compact();
      return store;
    } catch (BackendException e) {
      throw e;
    } catch (IOException e) {
      throw new BackendException("cannot open the store in " + dir + ": " + e.getMessage(), e);
    }
  }

  public static EmbeddedStore open(Path dir) throws BackendException {
    return open(dir, List.of());
  }

  private void replay() throws IOException {
    Path file = dir.resolve(JOURNAL);
    if (!Files.exists(file)) {
      return;
    }
    List<String> all = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        all.add(line);
      }
    }
    for (int i = 0; i < all.size(); i++) {
      JsonNode node;
      try {
        node = json.readTree(all.get(i));
      } catch (IOException e) {
        if (i == all.size() - 1) {
          break; // torn tail: never acknowledged
        }
        throw new BackendException(file + " line " + (i + 1) + " is corrupt: " + e.getMessage(), e);
      }
      long rev = node.path("r").asLong();
      Table<?> table = tables.get(node.path("t").asText());
      if (table == null) {
        throw new BackendException(file + " line " + (i + 1) + " names an unknown table " + node.path("t"));
      }
      String key = node.path("k").asText();
      JsonNode value = node.get("v");
      var map = data.computeIfAbsent(table.name(), k -> new ConcurrentSkipListMap<>());
      if (value == null || value.isNull()) {
        map.remove(key);
      } else {
        map.put(key, new Versioned<>(key, json.treeToValue(value, table.type()), rev));
      }
      revision = Math.max(revision, rev);
    }
  }

  /** Rewrites the journal with one line per live key: temp file, fsync, rename, fsync of the directory. */
  private void compact() throws IOException {
    if (journal != null) {
      journal.close();
    }
    Path tmp = dir.resolve(JOURNAL + ".tmp");
    long count = 0;
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      var buffer = new StringBuilder();
      for (var table : data.entrySet()) {
        for (Versioned<?> v : table.getValue().values()) {
          buffer.append(line(table.getKey(), v.key(), v.value(), v.revision()));
          count++;
          if (buffer.length() > 1 << 20) {
            writeAll(out, buffer.toString());
            buffer.setLength(0);
          }
        }
      }
      writeAll(out, buffer.toString());
      out.force(true);
    }
    Files.move(tmp, dir.resolve(JOURNAL), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
    journal = FileChannel.open(dir.resolve(JOURNAL), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    lines = count;
    live = count;
    durableRevision = revision;
  }

  private String line(String table, String key, Object value, long rev) throws IOException {
    ObjectNode node = json.createObjectNode();
    node.put("r", rev).put("t", table).put("k", key);
    node.set("v", value == null ? null : json.valueToTree(value));
    return json.writeValueAsString(node) + "\n";
  }

  private static void writeAll(FileChannel out, String text) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      out.write(bytes);
    }
  }

  private ConcurrentSkipListMap<String, Versioned<?>> map(Table<?> table) {
    tables.putIfAbsent(table.name(), table);
    return data.computeIfAbsent(table.name(), k -> new ConcurrentSkipListMap<>());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Optional<Versioned<T>> get(Table<T> table, String key) throws BackendException {
    var v = (Versioned<T>) map(table).get(key);
    if (v != null && table.durable()) {
      awaitDurable(v.revision());
    }
    return Optional.ofNullable(v);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> List<Versioned<T>> list(Table<T> table) throws BackendException {
    var out = new ArrayList<Versioned<T>>();
    long newest = 0;
    for (Versioned<?> v : map(table).values()) {
      out.add((Versioned<T>) v);
      newest = Math.max(newest, v.revision());
    }
    if (table.durable()) {
      awaitDurable(newest);
    }
    return out;
  }

  /** Returns once every write up to {@code rev} is on disk; the first waiter forces for all. */
  private void awaitDurable(long rev) throws BackendException {
    if (durableRevision >= rev) {
      return;
    }
    synchronized (syncLock) {
      if (durableRevision >= rev) {
        return;
      }
      FileChannel channel;
      long target;
      synchronized (this) {
        channel = journal;
        target = revision;
      }
      try {
        channel.force(false);
      } catch (java.nio.channels.ClosedChannelException e) {
        if (durableRevision < rev) { // not a compaction (which forces everything): the store was closed
          throw new BackendException("the store is closed", e);
        }
        return;
      } catch (IOException e) {
        throw new BackendException("cannot sync the journal in " + dir + ": " + e.getMessage(), e);
      }
      durableRevision = Math.max(durableRevision, target);
    }
  }

  @Override
  public <T> OptionalLong compareAndSet(Table<T> table, String key, long expectedRevision, T value)
      throws BackendException {
    if (!table.type().isInstance(value)) {
      throw new IllegalArgumentException("value is not a " + table.type().getSimpleName());
    }
    long rev;
    synchronized (this) {
      Versioned<?> current = map(table).get(key);
      long now = current == null ? 0 : current.revision();
      if (now != expectedRevision) {
        return OptionalLong.empty();
      }
      rev = write(table, key, value);
    }
    if (table.durable()) {
      awaitDurable(rev);
    }
    return OptionalLong.of(rev);
  }

  @Override
  public <T> boolean compareAndDelete(Table<T> table, String key, long expectedRevision) throws BackendException {
    long rev;
    synchronized (this) {
      Versioned<?> current = map(table).get(key);
      if (current == null || current.revision() != expectedRevision) {
        return false;
      }
      rev = write(table, key, null);
    }
    if (table.durable()) {
      awaitDurable(rev);
    }
    return true;
  }

  @Override
  public <T> long put(Table<T> table, String key, T value) throws BackendException {
    if (!table.type().isInstance(value)) {
      throw new IllegalArgumentException("value is not a " + table.type().getSimpleName());
    }
    long rev;
    synchronized (this) {
      rev = write(table, key, value);
    }
    if (table.durable()) {
      awaitDurable(rev);
    }
    return rev;
  }

  /** Appends, then publishes in memory; callers hold the monitor, and wait for durability after leaving it. */
  private long write(Table<?> table, String key, Object value) throws BackendException {
    if (closed) {
      throw new BackendException("the store is closed");
    }
    long rev = revision + 1;
    try {
      writeAll(journal, line(table.name(), key, value, rev));
    } catch (IOException e) {
      throw new BackendException("cannot write the journal in " + dir + ": " + e.getMessage(), e);
    }
    revision = rev;
    lines++;
    var map = map(table);
    Versioned<?> before = value == null ? map.remove(key) : map.put(key, new Versioned<>(key, value, rev));
    if (before == null && value != null) {
      live++;
    } else if (before != null && value == null) {
      live--;
    }
    if (lines > 4 * live + 10_000) {
      try {
        compact();
      } catch (IOException e) {
        throw new BackendException("cannot compact the journal in " + dir + ": " + e.getMessage(), e);
      }
    }
    return rev;
  }

  @Override
  public long revision() {
    return revision;
  }

  @Override
  public synchronized void close() throws BackendException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      journal.force(true);
      journal.close();
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      throw new BackendException("cannot close the store in " + dir + ": " + e.getMessage(), e);
    }
  }
}
