package dev.caisson.cli;

import dev.caisson.server.ConfigFile;
import dev.caisson.server.FleetServer;
import dev.caisson.server.etcd.EtcdStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code caisson server}: the update server (graph, FleetLock, releases, inventory, dashboard, metrics). */
@Command(addMethodSubcommands = false, name = "server", mixinStandardHelpOptions = true,
    description = "Run the update server: OS repo, update graph, FleetLock reboot locks, releases and rollouts, "
        + "fleet inventory, dashboard and metrics (see docs/server.md).")
final class ServerCommand implements Callable<Integer> {
  @Mixin DebugOption debug;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file.")
  Path config;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Data directory of the embedded store and the OS repo (default /var/lib/caisson/server).")
  Path data;

  @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address to listen on (default 127.0.0.1:8080).")
  String listen;

  @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the admin API's bearer token.")
  Path tokenFile;

  @Option(names = "--store", paramLabel = "etcd://HOST:PORT[,...]",
      description = "Keep all state in etcd, so several replicas can serve one fleet (default: the embedded store "
          + "in --data).")
  String store;

  @Override
  public Integer call() throws Exception {
    var err = spec.commandLine().getErr();
    var cfg = ConfigFile.load(Optional.ofNullable(config), Optional.ofNullable(data), Optional.ofNullable(listen),
        Optional.ofNullable(tokenFile), Optional.ofNullable(store));
    var stop = new CountDownLatch(1);
    java.util.function.Consumer<Throwable> onError = e -> {
      err.println("caisson server: internal error: " + e);
      if (debug.enabled()) {
        e.printStackTrace(err);
      }
      err.flush();
    };
    FleetServer started = cfg.store().isPresent()
        ? FleetServer.start(cfg, EtcdStore.connect(cfg.store().get(), "caisson", Duration.ofSeconds(3)),
            Clock.systemUTC(), onError)
        : FleetServer.start(cfg, Clock.systemUTC(), onError);
    try (var server = started) {
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      err.println("caisson server: listening on " + server.uri() + " (store "
          + cfg.store().map(Object::toString).orElse("embedded in " + cfg.data()) + ", admin API "
          + (cfg.token().isPresent() ? "on" : "closed: no token") + ")");
      err.flush();
      stop.await();
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    return 0;
  }
}
