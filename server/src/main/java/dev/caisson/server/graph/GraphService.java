package dev.caisson.server.graph;

import dev.caisson.server.store.BackendException;
import dev.caisson.server.store.FleetStore;
import dev.caisson.server.store.StreamRecord;
import dev.caisson.server.store.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Answers {@code GET /v1/graph} as fcos-policy-engine does (validate the scope, take the cached graph, throttle
 * rollouts by the client's wariness, drop edges into paused releases) and adds the rate limit of Nebraska for the
 * one target the client would choose.
 */
public final class GraphService {
  private final FleetStore store;
  private final GraphCache cache;
  private final RolloutGate gate;
  private final Set<String> streams;
  private final Set<String> arches;

  /** {@code streams}: streams that exist even before a release (empty graph); {@code arches}: accepted arches. */
  public GraphService(FleetStore store, GraphCache cache, Set<String> streams, Set<String> arches) {
    this.store = store;
    this.cache = cache;
    this.gate = new RolloutGate(store);
    this.streams = Set.copyOf(streams);
    this.arches = Set.copyOf(arches);
  }

  public GraphAnswer answer(GraphQuery q, long nowMillis) throws BackendException {
    if (q.basearch().isEmpty()) {
      return new GraphAnswer.Refused(400, "missing_basearch", "the basearch parameter is required");
    }
    if (q.stream().isEmpty()) {
      return new GraphAnswer.Refused(400, "missing_stream", "the stream parameter is required");
    }
    String arch = q.basearch().get();
    String name = q.stream().get();
    if (!arches.contains(arch)) {
      return new GraphAnswer.Refused(400, "unknown_basearch", "unknown basearch '" + arch + "'");
    }
    var stream = store.get(Table.STREAMS, name);
    if (stream.isEmpty()) {
      if (streams.contains(name)) {
        return new GraphAnswer.Graph("{\"nodes\":[],\"edges\":[]}".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0);
      }
      return new GraphAnswer.Refused(404, "unknown_stream", "unknown stream '" + name + "'");
    }
    StreamGraph graph = cache.graph(stream.get(), arch);
    double wariness = Wariness.of(q.rolloutWariness(), q.nodeUuid());
    List<int[]> edges = graph.edgesFor(wariness, nowMillis / 1000);
    edges = rateLimited(stream.get().value(), graph, edges, q, nowMillis);
    return new GraphAnswer.Graph(graph.body(edges), edges.size());
  }

  private List<int[]> rateLimited(StreamRecord stream, StreamGraph graph, List<int[]> edges, GraphQuery q,
      long nowMillis) throws BackendException {
    Optional<Integer> booted = booted(graph, q);
    if (booted.isEmpty()) {
      return edges;
    }
    int from = booted.get();
    int best = -1;
    for (int[] e : edges) {
      if (e[0] == from && (best < 0 || graph.nodes().get(e[1]).ageIndex() > graph.nodes().get(best).ageIndex())) {
        best = e[1];
      }
    }
    if (best < 0 || graph.nodes().get(best).release().rateLimit().isEmpty()) {
      return edges;
    }
    var target = graph.nodes().get(best).release();
    if (q.nodeUuid().isPresent() && gate.admit(stream.name(), target, q.nodeUuid().get(), nowMillis)) {
      return edges;
    }
    var kept = new ArrayList<int[]>();
    for (int[] e : edges) {
      if (e[0] != from) {
        kept.add(e);
      }
    }
    return kept;
  }

  private static Optional<Integer> booted(StreamGraph graph, GraphQuery q) {
    for (int i = 0; i < graph.nodes().size(); i++) {
      GraphNode n = graph.nodes().get(i);
      if (q.osChecksum().isPresent() ? n.payload().equals(q.osChecksum().get())
          : q.osVersion().isPresent() && n.version().equals(q.osVersion().get())) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }
}
