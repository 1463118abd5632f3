package dev.caisson.agent;

import dev.caisson.agent.config.AgentConfig;
import dev.caisson.agent.fleetlock.FleetLockClient;
import dev.caisson.agent.graph.GraphClient;
import dev.caisson.agent.graph.GraphQuery;
import dev.caisson.agent.graph.GraphSource;
import dev.caisson.agent.graph.GraphException;
import dev.caisson.agent.identity.AppSpecificId;
import dev.caisson.agent.strategy.SessionProbe;
import dev.caisson.agent.strategy.Strategy;
import dev.caisson.agent.strategy.WeeklySchedule;
import dev.caisson.deploy.HealthCheck;
import dev.caisson.deploy.Sysroot;
import dev.caisson.store.Repo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The composition root: an {@link UpdateAgent} from a configuration and a sysroot. Every part a
 * test may replace (clock, rebooter, session probe, HTTP client) is a parameter.
 *
 * @param stateFile {@code /var/lib/caisson/agent/state.json} of the booted stateroot
 * @param machineId {@code /etc/machine-id}, for the node UUID when none is configured
 */
public record AgentAssembly(AgentConfig config, Sysroot sysroot, Repo repo, Path stateFile, Path machineId,
    Clock clock, Rebooter rebooter, SessionProbe sessions, HttpClient http, AgentListener listener) {

  public String nodeUuid() throws IOException {
    return config.nodeUuid().isPresent() ? config.nodeUuid().get() : AppSpecificId.nodeUuid(machineId);
  }

  public UpdateAgent build(AgentMetrics metrics) throws IOException {
    String uuid = nodeUuid();
    var node = new SysrootNode(sysroot, repo, config.effectiveRepoUrl().map(URI::create),
        new HealthCheck(config.healthDirs(), config.healthTimeout()), config.bootTries(), clock, listener);
    Optional<String> stream = config.stream();
    if (stream.isEmpty()) {
      try {
        stream = node.booted().stream();
      } catch (IOException e) {
        // not booted from a deployment: the first tick says so
      }
    }
    String arch = GraphQuery.hostArch();
    Template t = new Template(arch, config.group(), stream.orElse(""));
    GraphSource graph = config.cincinnatiBaseUrl().isPresent()
        ? new GraphClient(URI.create(t.expand(config.cincinnatiBaseUrl().get())), http)
        : q -> {
          throw new GraphException("no_server", "cincinnati.base_url is not configured");
        };
    Strategy strategy = strategy(t, uuid);
    Reporter reporter = config.effectiveReportUrl().isPresent()
        ? new HttpReporter(URI.create(t.expand(config.effectiveReportUrl().get())), http) : Reporter.NONE;
    var id = new UpdateAgent.Identity(uuid, config.group(), config.rolloutWariness(), config.stream(), arch,
        config.updatesEnabled(), config.allowDowngrade());
    return new UpdateAgent(id, node, graph, strategy, sessions, reporter, rebooter, new StateFile(stateFile), clock,
        listener, metrics);
  }

  Strategy strategy(Template t, String uuid) {
    WeeklySchedule schedule = new WeeklySchedule(config.windows(), config.timeZone());
    Optional<FleetLockClient> lock = config.fleetLockBaseUrl()
        .map(u -> new FleetLockClient(URI.create(t.expand(u)), uuid, config.group(), http));
    return switch (config.strategy()) {
      case IMMEDIATE -> new Strategy.Immediate();
      case PERIODIC -> new Strategy.Periodic(schedule);
      case FLEET_LOCK -> new Strategy.FleetLock(lock.orElseThrow());
      case PERIODIC_FLEET_LOCK -> new Strategy.PeriodicFleetLock(schedule, lock.orElseThrow());
    };
  }

  /** A default HTTP client: HTTP/1.1, 30 s to connect, redirects within the same scheme. */
  public static HttpClient defaultHttp() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /** Zincati's base-URL variables: {@code ${basearch} ${group} ${stream} ${platform}}. */
  record Template(String basearch, String group, String stream) {
    String expand(String url) {
      return url.replace("${basearch}", basearch).replace("${group}", group).replace("${stream}", stream)
          .replace("${platform}", "metal");
    }
  }
}
