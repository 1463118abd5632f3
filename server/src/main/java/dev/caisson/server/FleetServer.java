package dev.caisson.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caisson.server.fleet.ClosedLoop;
import dev.caisson.server.fleet.Inventory;
import dev.caisson.server.fleet.Releases;
import dev.caisson.server.graph.GraphCache;
import dev.caisson.server.graph.GraphService;
import dev.caisson.server.http.HttpApi;
import dev.caisson.server.http.ServerMetrics;
import dev.caisson.server.lock.RebootLocks;
import dev.caisson.server.store.EmbeddedStore;
import dev.caisson.server.store.FleetStore;
import dev.caisson.server.store.Json;
import dev.caisson.store.Repo;
import dev.caisson.store.RepoMode;
import dev.caisson.store.transport.RepoFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The composition root of {@code caisson server}: the store, the archive repository in {@code DATA/repo}, the
 * services, and Jetty on the configured address (127.0.0.1:8080 unless told otherwise).
 */
public final class FleetServer implements AutoCloseable {
  private final Server jetty;
  private final ServerConnector connector;
  private final FleetStore store;

  private FleetServer(Server jetty, ServerConnector connector, FleetStore store) {
    this.jetty = jetty;
    this.connector = connector;
    this.store = store;
  }

  /** Starts on the embedded store in {@code DATA/store}; a configuration naming etcd needs the other start. */
  public static FleetServer start(ServerConfig config, Clock clock, Consumer<Throwable> onError) throws IOException {
    if (config.store().isPresent()) {
      throw new IllegalArgumentException("this start uses the embedded store; " + config.store().get()
          + " needs the etcd store (caisson server)");
    }
    FleetStore store = EmbeddedStore.open(config.data().resolve("store"));
    try {
      return start(config, store, clock, onError);
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Starts on a given store, which the server closes when it stops. */
  public static FleetServer start(ServerConfig config, FleetStore store, Clock clock, Consumer<Throwable> onError)
      throws IOException {
    ObjectMapper json = Json.mapper();
    Path repoDir = config.data().resolve("repo");
    Repo repo = Files.isDirectory(repoDir.resolve("objects")) ? Repo.open(repoDir) : Repo.init(repoDir, RepoMode.ARCHIVE);
    var releases = new Releases(store);
    var loop = new ClosedLoop(store, releases, config.closedLoop(), clock);
    var inventory = new Inventory(store, loop, clock, config.staleAfter());
    var locks = new RebootLocks(store, config.locks(), clock);
    var graphs = new GraphService(store, new GraphCache(json), config.streams(), config.architectures());
    var handler = HttpApi.handler(graphs, locks, releases, inventory, new RepoFiles(repoDir),
        new ArchiveImporter(repo), config.token(), new ServerMetrics(), clock, json, onError);
    var pool = new QueuedThreadPool(256, 8);
    pool.setName("caisson-server");
    var jetty = new Server(pool);
    var connector = new ServerConnector(jetty);
    connector.setHost(config.listen().getHostString());
    connector.setPort(config.listen().getPort());
    connector.setAcceptQueueSize(1024);
    jetty.addConnector(connector);
    jetty.setHandler(handler);
    jetty.setStopTimeout(2000);
    try {
      jetty.start();
    } catch (Exception e) {
      try {
        jetty.stop();
      } catch (Exception ignored) {
        // already failing
      }
      throw new IOException("cannot listen on " + config.listen() + ": " + e.getMessage(), e);
    }
    return new FleetServer(jetty, connector, store);
  }

  public URI uri() {
    String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort() + "/");
  }

  public FleetStore store() {
    return store;
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    jetty.join();
  }

  @Override
  public void close() throws IOException {
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IOException("cannot stop the server: " + e.getMessage(), e);
    } finally {
      store.close();
    }
  }
}
