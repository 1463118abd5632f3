package dev.caisson.agent.config;

import dev.caisson.agent.strategy.WeeklyWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The merged configuration. Zincati's keys keep Zincati's names and defaults; the {@code agent.*}
 * keys beyond {@code agent.timing} and {@code cincinnati.stream} are Caisson's.
 *
 * @param steadyInterval {@code agent.timing.steady_interval_secs} (300)
 * @param updatesEnabled {@code updates.enabled} (true)
 * @param allowDowngrade {@code updates.allow_downgrade} (false)
 * @param strategy {@code updates.strategy} (immediate)
 * @param fleetLockBaseUrl {@code updates.fleet_lock.base_url}, may hold {@code ${group}} and friends
 * @param timeZone {@code updates.periodic.time_zone} (UTC; {@code localtime} is the system's)
 * @param windows every {@code [[updates.periodic.window]]} of every fragment
 * @param group {@code identity.group} (default)
 * @param nodeUuid {@code identity.node_uuid}, else the app-specific machine id
 * @param rolloutWariness {@code identity.rollout_wariness}, 0.0 to 1.0
 * @param cincinnatiBaseUrl {@code cincinnati.base_url}
 * @param stream {@code cincinnati.stream}: overrides the booted commit's stream
 * @param repoUrl {@code agent.repo.url}: where commits are pulled from (default base_url + /repo/)
 * @param reportUrl {@code agent.report.url} (default base_url + /v1/report; "" turns reports off)
 * @param rebootCommand {@code agent.reboot.command} (systemctl reboot)
 * @param healthDirs {@code agent.health.dirs}
 * @param healthTimeout {@code agent.health.timeout_secs} (300)
 * @param bootTries {@code agent.health.boot_tries} (3): boot-counting tries of a staged deployment
 * @param metricsPort {@code agent.metrics.port} on 127.0.0.1 (9466; 0 turns it off)
 */
public record AgentConfig(
    Duration steadyInterval,
    boolean updatesEnabled,
    boolean allowDowngrade,
    StrategyKind strategy,
    Optional<String> fleetLockBaseUrl,
    ZoneId timeZone,
    List<WeeklyWindow> windows,
    String group,
    Optional<String> nodeUuid,
    Optional<Double> rolloutWariness,
    Optional<String> cincinnatiBaseUrl,
    Optional<String> stream,
    Optional<String> repoUrl,
    Optional<String> reportUrl,
    List<String> rebootCommand,
    List<Path> healthDirs,
    Duration healthTimeout,
    int bootTries,
    int metricsPort) {
  public AgentConfig {
    Objects.requireNonNull(strategy, "strategy");
    windows = List.copyOf(windows);
    rebootCommand = List.copyOf(rebootCommand);
    healthDirs = List.copyOf(healthDirs);
  }

  public static AgentConfig defaults() {
    return new AgentConfig(Duration.ofSeconds(300), true, false, StrategyKind.IMMEDIATE, Optional.empty(),
        ZoneId.of("UTC"), List.of(), "default", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), List.of("systemctl", "reboot"),
        List.of(Path.of("/usr/lib/caisson/health"), Path.of("/etc/caisson/health")), Duration.ofSeconds(300), 3, 9466);
  }

  public AgentConfig withStrategy(StrategyKind s, Optional<String> lockUrl, List<WeeklyWindow> w, ZoneId tz) {
    return new AgentConfig(steadyInterval, updatesEnabled, allowDowngrade, s, lockUrl, tz, w, group, nodeUuid,
        rolloutWariness, cincinnatiBaseUrl, stream, repoUrl, reportUrl, rebootCommand, healthDirs, healthTimeout,
        bootTries, metricsPort);
  }

  public AgentConfig withServer(String baseUrl, Optional<Double> wariness, String group) {
    return new AgentConfig(steadyInterval, updatesEnabled, allowDowngrade, strategy, fleetLockBaseUrl, timeZone,
        windows, group, nodeUuid, wariness, Optional.of(baseUrl), stream, repoUrl, reportUrl, rebootCommand,
        healthDirs, healthTimeout, bootTries, metricsPort);
  }

  public AgentConfig withHealth(List<Path> dirs, int tries, int metrics) {
    return new AgentConfig(steadyInterval, updatesEnabled, allowDowngrade, strategy, fleetLockBaseUrl, timeZone,
        windows, group, nodeUuid, rolloutWariness, cincinnatiBaseUrl, stream, repoUrl, reportUrl, rebootCommand,
        dirs, healthTimeout, tries, metrics);
  }

  /** The repository URL commits are pulled from. */
  public Optional<String> effectiveRepoUrl() {
    return repoUrl.or(() -> cincinnatiBaseUrl.map(b -> slash(b) + "repo/"));
  }

  /** Where reports go; empty when reports are off or there is no server. */
  public Optional<String> effectiveReportUrl() {
    if (reportUrl.isPresent()) {
      return reportUrl.filter(u -> !u.isEmpty());
    }
    return cincinnatiBaseUrl.map(b -> slash(b) + "v1/report");
  }

  static String slash(String s) {
    return s.endsWith("/") ? s : s + "/";
  }
}
