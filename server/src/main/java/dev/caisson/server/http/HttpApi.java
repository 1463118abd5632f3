package dev.caisson.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caisson.server.fleet.Inventory;
import dev.caisson.server.fleet.Releases;
import dev.caisson.server.graph.GraphService;
import dev.caisson.server.lock.RebootLocks;
import dev.caisson.store.transport.RepoFiles;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Handler;

/** Wires the endpoints into one Jetty handler; the composition root gives it the services. */
public final class HttpApi {
  private HttpApi() {}

  public static Handler handler(GraphService graphs, RebootLocks locks, Releases releases, Inventory inventory,
      RepoFiles repo, CommitImporter importer, Optional<String> token, ServerMetrics metrics, Clock clock,
      ObjectMapper json, Consumer<Throwable> onError) {
    var endpoints = new Router.Endpoints(
        new GraphHandler(graphs, inventory, metrics, clock, json),
        new FleetLockHandler(locks, metrics, json),
        new ReportHandler(inventory, metrics, json),
        new AdminHandler(token, releases, locks, inventory, importer, metrics, clock, json),
        new RepoHandler(repo),
        new MetricsHandler(metrics, locks, inventory, releases),
        new DashboardHandler(releases, locks, inventory, clock));
    return new Router(endpoints, metrics, json, onError);
  }
}
