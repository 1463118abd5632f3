package dev.caisson.server.fleet;

import dev.caisson.server.store.BackendException;
import dev.caisson.server.store.FleetStore;
import dev.caisson.server.store.Release;
import dev.caisson.server.store.StreamRecord;
import dev.caisson.server.store.Table;
import dev.caisson.server.store.Versioned;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Streams and their releases: publish, and change one release (pause, resume, dead-end, barrier), by CAS. */
public final class Releases {
  private static final int ATTEMPTS = 1000;
  private final FleetStore store;

  public Releases(FleetStore store) {
    this.store = store;
  }

  public List<StreamRecord> streams() throws BackendException {
    return store.list(Table.STREAMS).stream().map(Versioned::value).toList();
  }

  public Optional<StreamRecord> stream(String name) throws BackendException {
    return store.get(Table.STREAMS, name).map(Versioned::value);
  }

  /** Appends a release (the newest age index); a version already on the stream is refused. */
  public StreamRecord publish(String stream, Release release) throws BackendException {
    return update(stream, true, s -> {
      if (s.release(release.version()).isPresent()) {
        throw new IllegalArgumentException("stream " + stream + " already has version " + release.version());
      }
      return s.append(release);
    });
  }

  public StreamRecord change(String stream, String version, UnaryOperator<Release> change) throws BackendException {
    return update(stream, false, s -> s.change(version, change));
  }

  private StreamRecord update(String stream, boolean create, UnaryOperator<StreamRecord> change)
      throws BackendException {
    for (int i = 0; i < ATTEMPTS; i++) {
      var current = store.get(Table.STREAMS, stream);
      if (current.isEmpty() && !create) {
        throw new IllegalArgumentException("no stream " + stream);
      }
      StreamRecord next = change.apply(current.map(Versioned::value).orElse(new StreamRecord(stream, List.of())));
      long rev = current.map(Versioned::revision).orElse(0L);
      if (store.compareAndSet(Table.STREAMS, stream, rev, next).isPresent()) {
        return next;
      }
    }
    throw new BackendException("too much contention on stream " + stream);
  }
}
