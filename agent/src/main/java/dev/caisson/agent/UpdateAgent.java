package dev.caisson.agent;

import dev.caisson.agent.graph.GraphException;
import dev.caisson.agent.graph.GraphQuery;
import dev.caisson.agent.graph.GraphSource;
import dev.caisson.agent.graph.Release;
import dev.caisson.agent.graph.TargetSelection;
import dev.caisson.agent.graph.UpdateGraph;
import dev.caisson.agent.strategy.Decision;
import dev.caisson.agent.strategy.SessionProbe;
import dev.caisson.agent.strategy.Strategy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The state machine, one step per {@link #tick}. It keeps nothing between reboots but its
 * {@link StateFile}: after a reboot a new agent starts in Initialized and learns from the pending
 * release whether the update booted healthy, failed its checks, or was rolled back.
 */
public final class UpdateAgent {
  /** Zincati's limit: after this many failed attempts to stage a release, check again from scratch. */
  public static final int MAX_DEPLOY_ATTEMPTS = 12;
  /** Zincati's limit on postponing a reboot for interactive sessions. */
  public static final int MAX_FINALIZE_POSTPONEMENTS = 10;
  /**
   * While an update is staged, the graph is asked again at most this often (and at once on check-now): a newer
   * release replaces the staged one before the reboot (zincati#928).
   */
  public static final Duration RECHECK_WHILE_STAGED = Duration.ofMinutes(30);
  /** Right before a reboot the strategy allowed, the graph is asked once more unless it was within this time. */
  static final Duration LAST_LOOK = Duration.ofMinutes(1);

  /** Who the node is and what it asks for. */
  public record Identity(String nodeUuid, String group, Optional<Double> rolloutWariness, Optional<String> stream,
      String basearch, boolean updatesEnabled, boolean allowDowngrade) {}

  private final Identity id;
  private final Node node;
  private final GraphSource graph;
  private final Strategy strategy;
  private final SessionProbe sessions;
  private final Reporter reporter;
  private final Rebooter rebooter;
  private final StateFile stateFile;
  private final Clock clock;
  private final AgentListener listener;
  private final AgentMetrics metrics;

  private AgentState state = new AgentState.Initialized();
  private String reason = "starting";
  private Optional<String> lastError = Optional.empty();
  private String bootedVersion = "";
  private Optional<Instant> lastCheck = Optional.empty();
  private int postponements;
  private boolean rebootNow;
  private boolean checkNow;

  public UpdateAgent(Identity id, Node node, GraphSource graph, Strategy strategy, SessionProbe sessions,
      Reporter reporter, Rebooter rebooter, StateFile stateFile, Clock clock, AgentListener listener,
      AgentMetrics metrics) {
    this.id = id;
    this.node = node;
    this.graph = graph;
    this.strategy = strategy;
    this.sessions = sessions;
    this.reporter = reporter;
    this.rebooter = rebooter;
    this.stateFile = stateFile;
    this.clock = clock;
    this.listener = listener;
    this.metrics = metrics;
    metrics.set("caisson_update_agent_updates_enabled", "", id.updatesEnabled() ? 1 : 0);
    metrics.set("caisson_identity_rollout_wariness", "", id.rolloutWariness().orElse(-1.0));
  }

  public AgentState state() {
    return state;
  }

  /** Puts the machine in a state, for table tests. */
  void enter(AgentState s) {
    state = s;
  }

  public String reason() {
    return reason;
  }

  public AgentMetrics metrics() {
    return metrics;
  }

  /** {@code caisson update reboot-now}: reboot into a staged update without asking the strategy. */
  public void requestRebootNow() {
    rebootNow = true;
  }

  /** {@code caisson update check-now}: the next tick checks the graph, even if an update is known. */
  public void requestCheckNow() {
    checkNow = true;
  }

  public void setPaused(boolean paused) throws IOException {
    stateFile.write(stateFile.read().withPaused(paused));
    metrics.set("caisson_update_agent_paused", "", paused ? 1 : 0);
    listener.event(paused ? "updates paused on this node" : "updates resumed on this node");
  }

  /**
   * {@code caisson update unlock}: an operator gives back the reboot slot this node keeps after a failed update
   * (FleetLock steady-state), so the rest of the fleet may go on; the failed release stays on the denylist.
   * Refused while the node is rebooting into an update, which needs its slot.
   */
  public void releaseLock() throws IOException {
    if (state instanceof AgentState.UpdateFinalized f) {
      reason = "unlock refused: the node is rebooting into " + f.release().version() + "; unlock once it is back";
      listener.event(reason);
      return;
    }
    Decision d = strategy.reportSteady();
    count(d);
    if (!d.allowed()) {
      reason = "unlock failed: " + d.reason();
      listener.event(reason);
      return;
    }
    stateFile.write(stateFile.read().withHoldLock(false));
    reason = "reboot lock given back by an operator (" + d.reason() + ")";
    listener.event(reason);
  }

  /** One step. Returns the state after it. */
  public AgentState tick() throws IOException {
    AgentState before = state;
    metrics.set("caisson_update_agent_last_refresh_timestamp", "", clock.instant().getEpochSecond());
    PersistedState saved = stateFile.read();
    metrics.set("caisson_update_agent_paused", "", saved.paused() ? 1 : 0);
    if (state instanceof AgentState.Initialized) {
      initialize(saved);
    } else if (state instanceof AgentState.ReportedSteady || state instanceof AgentState.NoNewUpdate) {
      check(saved);
    } else if (state instanceof AgentState.UpdateAvailable a) {
      if (checkNow) {
        check(saved);
      } else {
        stage(a.release(), saved);
      }
    } else if (state instanceof AgentState.UpdateStaged s) {
      if (!recheckStaged(s.release(), saved, false)) {
        finalizeUpdate(s.release(), saved);
      }
    }
    if (!state.equals(before)) {
      metrics.set("caisson_update_agent_latest_state_change", "", clock.instant().getEpochSecond());
      listener.event("state " + before.label() + " -> " + state.label() + ": " + reason);
    }
    metrics.clear("caisson_update_agent_state");
    metrics.set("caisson_update_agent_state", AgentMetrics.label("state", state.label()), 1);
    return state;
  }

  private void initialize(PersistedState saved) throws IOException {
    Node.Booted booted = node.booted();
    bootedVersion = booted.version();
    if (saved.pending().isPresent()) {
      PersistedState.Pending p = saved.pending().get();
      if (booted.checksum().equals(p.checksum())) {
        Node.Health h = node.checkHealth();
        if (h.healthy()) {
          saved = saved.withPending(Optional.empty()).withHoldLock(false).withAttempts(p.checksum(), 0);
          stateFile.write(saved);
          report("healthy", booted, "", "", List.of());
          listener.event("update to " + p.version() + " booted healthy; boot marked good");
        } else {
          metrics.inc("caisson_health_check_failures_total", "");
          saved = saved.deny(p.checksum(), p.version()).withHoldLock(true);
          stateFile.write(saved);
          String why = "health checks failed on " + p.version() + ": " + h.summary();
          lastError = Optional.of(why);
          report("failed", booted, p.version(), why, List.of());
          state = new AgentState.End(why);
          reason = why + "; rebooting so that boot counting falls back";
          rebooter.reboot(reason);
          return;
        }
      } else {
        Optional<String> rolledBack = node.rollbackReason();
        if (rolledBack.isPresent()) {
          metrics.inc("caisson_rollbacks_total", "");
          saved = saved.deny(p.checksum(), p.version()).withHoldLock(true).withPending(Optional.empty());
          lastError = rolledBack;
          stateFile.write(saved);
          report("failed", booted, "", rolledBack.get(),
              List.of(new NodeReport.Rollback(p.version(), booted.version())));
          listener.event(rolledBack.get() + "; " + p.version() + " is denylisted");
        } else {
          String why = node.finalizeFailure().orElse("the node did not boot " + p.version() + " (" + p.checksum()
              + ")");
          int n = saved.attempts().getOrDefault(p.checksum(), 0) + 1;
          saved = saved.withPending(Optional.empty()).withAttempts(p.checksum(), n);
          lastError = Optional.of(why);
          stateFile.write(saved);
          report("failed", booted, "", why, List.of());
        }
      }
    }
    if (saved.holdLock()) {
      state = new AgentState.ReportedSteady();
      reason = "keeping the reboot lock: release " + String.join(", ", saved.denylist().values())
          + " failed on this node";
      return;
    }
    Decision d = strategy.reportSteady();
    count(d);
    if (d.allowed()) {
      state = new AgentState.ReportedSteady();
      reason = d.reason();
      report("idle", booted, "", "", List.of());
    } else {
      reason = "cannot report steady: " + d.reason();
    }
  }

  private void check(PersistedState saved) throws IOException {
    checkNow = false;
    if (!id.updatesEnabled()) {
      state = new AgentState.NoNewUpdate();
      reason = "updates are disabled (updates.enabled = false)";
      return;
    }
    Optional<TargetSelection.Choice> choice = ask(saved);
    if (choice.isEmpty()) {
      return;
    }
    if (choice.get().target().isPresent()) {
      state = new AgentState.UpdateAvailable(choice.get().target().get());
    } else {
      state = new AgentState.NoNewUpdate();
    }
    reason = choice.get().reason();
  }

  /**
   * While {@code staged} waits for its reboot the graph is asked again (when due), and the staged update must stay
   * the best target: another one (a newer release, zincati#928, or an older one when the staged release is no
   * longer offered) sends the agent back to UpdateAvailable, whose staging replaces the staged deployment; no
   * target at all (the server paused or pulled the release) drops the staged deployment, so the node never boots a
   * release the server withdrew. A failed check changes nothing.
   */
  private boolean recheckStaged(Release staged, PersistedState saved, boolean force) throws IOException {
    Instant now = clock.instant();
    boolean due = force || checkNow || lastCheck.isEmpty() || !now.isBefore(lastCheck.get().plus(RECHECK_WHILE_STAGED));
    if (!id.updatesEnabled() || !due) {
      return false;
    }
    checkNow = false;
    Optional<TargetSelection.Choice> choice = ask(saved);
    if (choice.isEmpty()) {
      return false;
    }
    Optional<Release> target = choice.get().target();
    if (target.isPresent() && target.get().payload().equals(staged.payload())) {
      return false;
    }
    if (target.isPresent()) {
      state = new AgentState.UpdateAvailable(target.get());
      reason = target.get().version() + (target.get().ageIndex().orElse(-1L) > staged.ageIndex().orElse(-1L)
          ? " appeared while " + staged.version() + " waited for its reboot" : " is the target now that "
          + staged.version() + " is no longer offered") + "; it replaces the staged update";
      return true;
    }
    node.discardStaged();
    state = new AgentState.NoNewUpdate();
    reason = staged.version() + " is no longer offered (" + choice.get().reason() + "); the staged deployment was "
        + "dropped";
    report("idle", node.booted(), "", "", List.of());
    return true;
  }

  /** Asks the graph for the best target from the booted release; empty when the check failed (and was counted). */
  private Optional<TargetSelection.Choice> ask(PersistedState saved) throws IOException {
    Node.Booted booted = node.booted();
    bootedVersion = booted.version();
    Optional<String> stream = id.stream().or(booted::stream);
    if (stream.isEmpty()) {
      fail("graph_no_stream", "the booted commit names no stream and cincinnati.stream is not set");
      return Optional.empty();
    }
    lastCheck = Optional.of(clock.instant());
    metrics.inc("caisson_cincinnati_update_checks_total", "");
    UpdateGraph g;
    TargetSelection.Choice choice;
    try {
      g = graph.fetch(new GraphQuery(id.basearch(), stream.get(), id.nodeUuid(), booted.version(), booted.checksum(),
          id.group(), id.rolloutWariness()));
      var deny = new HashSet<>(saved.denylist().keySet());
      deny.addAll(node.otherDeployments());
      deny.remove(booted.checksum());
      choice = new TargetSelection(id.allowDowngrade()).choose(g, booted.checksum(), deny);
    } catch (GraphException e) {
      fail(e.kind(), e.getMessage());
      return Optional.empty();
    }
    metrics.set("caisson_cincinnati_graph_nodes_count", "", g.nodes().size());
    metrics.set("caisson_cincinnati_graph_edges_count", "", g.edges().size());
    metrics.set("caisson_cincinnati_update_targets_ignored_count", "", choice.ignored());
    metrics.set("caisson_cincinnati_booted_release_is_deadend", "",
        choice.booted().map(Release::deadend).orElse(false) ? 1 : 0);
    return Optional.of(choice);
  }

  private void fail(String kind, String message) {
    metrics.inc("caisson_cincinnati_update_checks_errors_total", AgentMetrics.label("kind", kind));
    lastError = Optional.of(message);
    if (state instanceof AgentState.ReportedSteady || state instanceof AgentState.NoNewUpdate) {
      reason = "update check failed: " + message;
      state = new AgentState.NoNewUpdate();
    } else if (state instanceof AgentState.UpdateAvailable) {
      reason = "update check failed: " + message;
    }
  }

  private void stage(Release target, PersistedState saved) throws IOException {
    if (saved.paused()) {
      reason = "paused: " + target.version() + " waits to be staged";
      return;
    }
    metrics.inc("caisson_update_agent_deploy_attempts_total", "");
    try {
      node.stage(target);
    } catch (IOException | RuntimeException e) {
      metrics.inc("caisson_update_agent_deploy_failures_total", "");
      int n = saved.attempts().getOrDefault(target.payload(), 0) + 1;
      lastError = Optional.of("staging " + target.version() + " failed: " + e.getMessage());
      if (n >= MAX_DEPLOY_ATTEMPTS) {
        stateFile.write(saved.withAttempts(target.payload(), 0));
        state = new AgentState.NoNewUpdate();
        reason = "gave up on " + target.version() + " after " + n + " attempts; checking again";
      } else {
        stateFile.write(saved.withAttempts(target.payload(), n));
        reason = "staging " + target.version() + " failed (attempt " + n + " of " + MAX_DEPLOY_ATTEMPTS + ")";
      }
      return;
    }
    stateFile.write(saved.withAttempts(target.payload(), 0));
    state = new AgentState.UpdateStaged(target);
    reason = target.version() + " staged; waiting for the " + strategy.name() + " strategy";
    postponements = 0;
    report("staged", node.booted(), target.version(), "", List.of());
  }

  private void finalizeUpdate(Release target, PersistedState saved) throws IOException {
    boolean forced = rebootNow;
    if (saved.paused() && !forced) {
      reason = "paused: " + target.version() + " is staged, the reboot waits";
      return;
    }
    if (!forced) {
      Decision d = strategy.canFinalize(clock.instant());
      count(d);
      if (!d.allowed()) {
        reason = d.reason();
        return;
      }
      int users = sessions.interactiveSessions();
      if (users > 0 && postponements < MAX_FINALIZE_POSTPONEMENTS) {
        postponements++;
        metrics.inc("caisson_update_agent_finalization_postponed_total", "");
        reason = users + " interactive session(s): reboot postponed (" + postponements + " of "
            + MAX_FINALIZE_POSTPONEMENTS + ")";
        return;
      }
      // a last look at the graph (unless one was just made): a release the server withdrew or superseded while
      // this node waited for its lock or window is not booted, and the slot taken for it goes back
      if (lastCheck.isPresent() && clock.instant().isAfter(lastCheck.get().plus(LAST_LOOK))
          && recheckStaged(target, saved, true)) {
        if (d.api().isPresent() && !saved.holdLock()) {
          count(strategy.reportSteady());
        }
        return;
      }
    }
    rebootNow = false;
    // the strategy allowed it (the reboot lock is held, the window is open): only now may shutdown finalize
    node.unlockFinalization();
    Node.Booted booted = node.booted();
    stateFile.write(saved.withPending(Optional.of(new PersistedState.Pending(target.payload(), target.version(),
        booted.version()))));
    report("rebooting", booted, target.version(), "", List.of());
    state = new AgentState.UpdateFinalized(target);
    reason = "rebooting into " + target.version() + (forced ? " (reboot-now)" : "");
    rebooter.reboot(reason);
  }

  private void count(Decision d) {
    if (d.api().isEmpty()) {
      return;
    }
    String api = AgentMetrics.label("api", d.api().get().label());
    metrics.inc("caisson_strategy_fleet_lock_requests_total", api);
    if (!d.allowed()) {
      String kind = d.lock().map(a -> a instanceof dev.caisson.agent.fleetlock.LockAnswer.TryLater t ? t.kind()
          : a instanceof dev.caisson.agent.fleetlock.LockAnswer.Failed f ? f.kind() : "").orElse("");
      metrics.inc("caisson_strategy_fleet_lock_errors_total", api + "," + AgentMetrics.label("kind", kind));
      lastError = Optional.of(d.reason());
    }
  }

  private void report(String what, Node.Booted booted, String staged, String error, List<NodeReport.Rollback> rb) {
    try {
      reporter.report(new NodeReport(id.nodeUuid(), id.stream().or(booted::stream).orElse(""), id.group(), what,
          booted.version(), booted.checksum(), staged, error, rb));
    } catch (IOException e) {
      listener.event("report failed: " + e.getMessage());
    }
  }

  /** The status {@code caisson update status} shows. */
  public AgentStatus status() throws IOException {
    PersistedState saved = stateFile.read();
    return new AgentStatus(state.label(), reason, state.target().map(Release::version), bootedVersion,
        saved.paused(), saved.holdLock(), List.copyOf(saved.denylist().values()), lastError,
        clock.instant().getEpochSecond());
  }
}
