package dev.caisson.cli.agent;

import dev.caisson.agent.AgentAssembly;
import dev.caisson.agent.AgentListener;
import dev.caisson.agent.AgentMetrics;
import dev.caisson.agent.AgentService;
import dev.caisson.agent.AgentState;
import dev.caisson.agent.CommandRebooter;
import dev.caisson.agent.ControlDir;
import dev.caisson.agent.MetricsServer;
import dev.caisson.agent.UpdateAgent;
import dev.caisson.agent.config.AgentConfig;
import dev.caisson.agent.config.ConfigException;
import dev.caisson.agent.config.ConfigLoader;
import dev.caisson.agent.strategy.LoginSessions;
import dev.caisson.cli.DebugOption;
import dev.caisson.cli.UserException;
import dev.caisson.deploy.KernelArgs;
import dev.caisson.deploy.RepoCommits;
import dev.caisson.deploy.Sysroot;
import dev.caisson.deploy.SysrootLayout;
import dev.caisson.store.Repo;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code caisson agent}: the node update agent (Zincati's protocols, Caisson's sysroot). */
@Command(addMethodSubcommands = false, name = "agent", mixinStandardHelpOptions = true,
    description = "Run the update agent: check the update graph, stage updates, reboot as the strategy allows, "
        + "check health after the reboot.")
public final class AgentCommand implements Callable<Integer> {
  @Mixin DebugOption debug;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--sysroot", paramLabel = "DIR", defaultValue = "/", description = "The physical root (default /).")
  Path sysroot;

  @Option(names = "--config-dir", paramLabel = "DIR", description = "Drop-in directories, lowest priority first "
      + "(default /usr/lib/caisson/agent.d, /etc/caisson/agent.d, /run/caisson/agent.d).")
  List<Path> configDirs = new ArrayList<>();

  @Option(names = "--once", description = "Run one pass (until the state stops changing) and exit.")
  boolean once;

  @Option(names = "--run-dir", paramLabel = "DIR", defaultValue = "/run/caisson",
      description = "Runtime directory: the staged deployment, and agent/ for status and requests.")
  Path runDir;

  @Option(names = "--state-file", paramLabel = "FILE",
      description = "Agent state (default SYSROOT/var/lib/caisson/agent/state.json).")
  Path stateFile;

  @Option(names = "--cmdline", paramLabel = "FILE",
      description = "The kernel command line naming the booted deployment (default /proc/cmdline).")
  Path cmdline;

  @Option(names = "--machine-id", paramLabel = "FILE", defaultValue = "/etc/machine-id",
      description = "The machine id the node UUID is derived from.")
  Path machineId;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    AgentListener log = m -> {
      err.println(Instant.now() + " " + m);
      err.flush();
    };
    List<Path> dirs = configDirs.isEmpty() ? ConfigLoader.defaultDirs(Path.of("/")) : configDirs;
    AgentConfig config;
    try {
      config = new ConfigLoader().load(dirs);
    } catch (ConfigException e) {
      throw new UserException("configuration: " + e.getMessage(), 2, e);
    }
    var layout = new SysrootLayout(sysroot);
    Repo repo;
    try {
      repo = Repo.open(layout.repo());
    } catch (dev.caisson.store.StoreException e) {
      throw new UserException(sysroot + " is not a sysroot (no ostree/repo)");
    }
    // as admin: /proc/cmdline tells the booted deployment only when the sysroot is the running one
    Path file = cmdline != null ? cmdline
        : sysroot.toAbsolutePath().normalize().toString().equals("/") ? Path.of("/proc/cmdline") : null;
    Optional<String> booted = file != null && Files.isReadable(file)
        ? Optional.ofNullable(KernelArgs.parse(Files.readString(file)).value("ostree")) : Optional.empty();
    var sys = new Sysroot(layout, new RepoCommits(repo), booted, log::event, runDir);
    Path state = stateFile != null ? stateFile : sysroot.resolve("var/lib/caisson/agent/state.json");
    var assembly = new AgentAssembly(config, sys, repo, state, machineId, Clock.systemUTC(),
        new CommandRebooter(config.rebootCommand()), new LoginSessions(sysroot), AgentAssembly.defaultHttp(), log);
    var metrics = new AgentMetrics();
    UpdateAgent agent = assembly.build(metrics);
    var service = new AgentService(agent, new ControlDir(runDir.resolve("agent")), config.steadyInterval(),
        new Random(), log);
    log.event("node " + assembly.nodeUuid() + ", group " + config.group() + ", strategy "
        + config.strategy().label());
    if (once) {
      AgentState s = service.runOnce();
      spec.commandLine().getOut().println(agent.status().render());
      spec.commandLine().getOut().flush();
      return s instanceof AgentState.End ? 1 : 0;
    }
    try (MetricsServer m = config.metricsPort() == 0 ? null : new MetricsServer(metrics, config.metricsPort())) {
      if (m != null) {
        log.event("metrics on http://127.0.0.1:" + m.port() + "/metrics");
      }
      service.run(d -> Thread.sleep(d.toMillis()));
    }
    return 0;
  }
}
