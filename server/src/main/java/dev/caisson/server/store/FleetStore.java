package dev.caisson.server.store;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything a server replica knows lives here, so replicas are stateless. A key-value store of typed
 * {@link Table tables} whose writes are compare-and-swap on a per-key revision, as etcd's transactions
 * ({@code If ModRevision == r Then Put}); revisions come from one store-wide counter that only grows.
 * Implementations are thread-safe. A write that returned has been acknowledged: for a {@link Table#durable()
 * durable} table it survives a power cut, for the others at least a killed process.
 */
public interface FleetStore extends AutoCloseable {
  /** The value under {@code key}, with its revision. */
  <T> Optional<Versioned<T>> get(Table<T> table, String key) throws BackendException;

  /** Every value of a table, ordered by key. */
  <T> List<Versioned<T>> list(Table<T> table) throws BackendException;

  /**
   * Writes {@code value} if the key's revision is still {@code expectedRevision} (0: the key must be absent).
   * Returns the new revision, or empty when another writer came first (nothing was written).
   */
  <T> OptionalLong compareAndSet(Table<T> table, String key, long expectedRevision, T value) throws BackendException;

  /** Deletes the key if its revision is still {@code expectedRevision}; false when it changed or is absent. */
  <T> boolean compareAndDelete(Table<T> table, String key, long expectedRevision) throws BackendException;

  /** Writes unconditionally (last writer wins) and returns the new revision. */
  <T> long put(Table<T> table, String key, T value) throws BackendException;

  /** The store-wide revision: it changes whenever anything is written (cache invalidation). */
  long revision() throws BackendException;

  @Override
  void close() throws BackendException;
}
