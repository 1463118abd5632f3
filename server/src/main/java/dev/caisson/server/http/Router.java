package dev.caisson.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The one Jetty handler: picks the endpoint by path, counts the request, turns a crash into a JSON 500. */
public final class Router extends Handler.Abstract {
  private final Endpoints endpoints;
  private final ServerMetrics metrics;
  private final ObjectMapper json;
  private final Consumer<Throwable> onError;

  /** {@code onError} hears about unexpected failures (a library never prints). */
  Router(Endpoints endpoints, ServerMetrics metrics, ObjectMapper json, Consumer<Throwable> onError) {
    this.endpoints = endpoints;
    this.metrics = metrics;
    this.json = json;
    this.onError = onError;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    var ex = new Exchange(request, response, callback);
    String endpoint = "other";
    try {
      String p = ex.path;
      if (p.equals("/v1/graph")) {
        endpoint = "graph";
        endpoints.graph().handle(ex);
      } else if (p.equals("/v1/pre-reboot")) {
        endpoint = "pre-reboot";
        endpoints.locks().handle(ex, true);
      } else if (p.equals("/v1/steady-state")) {
        endpoint = "steady-state";
        endpoints.locks().handle(ex, false);
      } else if (p.equals("/v1/report")) {
        endpoint = "report";
        endpoints.report().handle(ex);
      } else if (p.startsWith("/v1/admin/")) {
        endpoint = "admin";
        endpoints.admin().handle(ex);
      } else if (p.startsWith("/repo/")) {
        endpoint = "repo";
        endpoints.repo().handle(ex);
      } else if (p.equals("/metrics")) {
        endpoint = "metrics";
        endpoints.metrics().handle(ex);
      } else if (p.equals("/") || p.equals("/index.html")) {
        endpoint = "dashboard";
        endpoints.dashboard().handle(ex);
      } else {
        ex.error(404, "not_found", "nothing at " + p, json);
      }
    } catch (Exception | Error e) {
      onError.accept(e);
      if (!response.isCommitted()) {
        ex.error(500, "internal_error", e.getClass().getSimpleName() + ": " + e.getMessage(), json);
      } else {
        callback.failed(e);
      }
    }
    metrics.count("caisson_requests_total", "endpoint=\"" + endpoint + "\",code=\"" + ex.status() + "\"");
    return true;
  }

  /** The endpoint handlers, made by the composition root. */
  record Endpoints(GraphHandler graph, FleetLockHandler locks, ReportHandler report, AdminHandler admin,
      RepoHandler repo, MetricsHandler metrics, DashboardHandler dashboard) {}
}
