package dev.caisson.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caisson.server.fleet.Inventory;
import dev.caisson.server.fleet.NodeReport;
import dev.caisson.server.store.BackendException;
import java.io.IOException;

/** {@code POST /v1/report}: the agent's report of its node (state, versions, last error, rollbacks). */
final class ReportHandler {
  /** The states counted by name; anything else a node says is counted as {@code other} (bounded labels). */
  private static final java.util.Set<String> STATES = java.util.Set.of("idle", "staged", "rebooting", "healthy",
      "failed");

  private final Inventory inventory;
  private final ServerMetrics metrics;
  private final ObjectMapper json;

  ReportHandler(Inventory inventory, ServerMetrics metrics, ObjectMapper json) {
    this.inventory = inventory;
    this.metrics = metrics;
    this.json = json;
  }

  void handle(Exchange ex) throws IOException {
    if (!ex.method().equals("POST")) {
      ex.methodNotAllowed("POST", json);
      return;
    }
    String body = ex.body();
    if (body == null) {
      ex.error(413, "body_too_large", "the report is too large", json);
      return;
    }
    NodeReport report;
    try {
      report = json.readValue(body, NodeReport.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      String why = e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage() : e.getOriginalMessage();
      ex.error(400, "invalid_report", why, json);
      return;
    }
    try {
      var node = inventory.report(report);
      metrics.count("caisson_reports_total", "state=\"" + (STATES.contains(report.state()) ? report.state() : "other")
          + "\"");
      ex.json(200, node, json);
    } catch (BackendException e) {
      ex.error(503, "backend_unavailable", e.getMessage(), json);
    }
  }
}
