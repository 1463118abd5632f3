package dev.caisson.server.graph;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caisson.server.store.StreamRecord;
import dev.caisson.server.store.Versioned;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Built graphs per stream and architecture, each tagged with the revision of the stream record it was built
 * from; a request that sees a newer revision rebuilds, so a change made through any replica shows at once.
 */
public final class GraphCache {
  private record Entry(long revision, StreamGraph graph) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final ObjectMapper json;

  public GraphCache(ObjectMapper json) {
    this.json = json;
  }

  public StreamGraph graph(Versioned<StreamRecord> stream, String arch) {
    String key = stream.key() + "\u0000" + arch;
    Entry e = entries.get(key);
    if (e != null && e.revision() == stream.revision()) {
      return e.graph();
    }
    Entry built = new Entry(stream.revision(), StreamGraph.build(stream.value(), arch, json));
    entries.merge(key, built, (old, neu) -> old.revision() >= neu.revision() ? old : neu);
    return built.graph();
  }
}
