package dev.caisson.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caisson.server.fleet.Inventory;
import dev.caisson.server.graph.GraphAnswer;
import dev.caisson.server.graph.GraphQuery;
import dev.caisson.server.graph.GraphService;
import dev.caisson.server.store.BackendException;
import java.io.IOException;
import java.time.Clock;

/** {@code GET /v1/graph}: the node's visit is recorded, then the graph answered. */
final class GraphHandler {
  private final GraphService graphs;
  private final Inventory inventory;
  private final ServerMetrics metrics;
  private final Clock clock;
  private final ObjectMapper json;

  GraphHandler(GraphService graphs, Inventory inventory, ServerMetrics metrics, Clock clock, ObjectMapper json) {
    this.graphs = graphs;
    this.inventory = inventory;
    this.metrics = metrics;
    this.clock = clock;
    this.json = json;
  }

  void handle(Exchange ex) throws IOException {
    if (!ex.method().equals("GET") && !ex.method().equals("HEAD")) {
      ex.methodNotAllowed("GET, HEAD", json);
      return;
    }
    GraphQuery q = GraphQuery.of(ex.query());
    try {
      GraphAnswer answer = graphs.answer(q, clock.millis());
      if (answer instanceof GraphAnswer.Refused r) {
        ex.error(r.status(), r.kind(), r.value(), json);
        return;
      }
      inventory.seen(q);
      var graph = (GraphAnswer.Graph) answer;
      metrics.count("caisson_graph_serves_total", "stream=\"" + ServerMetrics.label(q.stream().orElse(""))
          + "\",basearch=\"" + ServerMetrics.label(q.basearch().orElse("")) + "\",with_update=\""
          + (graph.edges() > 0) + "\"");
      ex.send(200, "application/json", graph.body());
    } catch (BackendException e) {
      ex.error(503, "backend_unavailable", e.getMessage(), json);
    }
  }
}
