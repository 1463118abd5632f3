package dev.caisson.agent;

import java.io.IOException;
import java.time.Duration;
import java.util.Random;

/**
 * Runs the agent: a tick every {@code steady_interval_secs} plus 0–10 % jitter, an immediate tick
 * after a state change, and the requests from {@link ControlDir} between ticks.
 */
public final class AgentService {
  /** How the service waits; tests pass one that does not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final UpdateAgent agent;
  private final ControlDir control;
  private final Duration interval;
  private final Random random;
  private final AgentListener listener;

  public AgentService(UpdateAgent agent, ControlDir control, Duration interval, Random random,
      AgentListener listener) {
    this.agent = agent;
    this.control = control;
    this.interval = interval;
    this.random = random;
    this.listener = listener;
  }

  /** The pause before the next steady tick: the interval and up to 10 % more. */
  public Duration nextDelay() {
    long ms = interval.toMillis();
    return Duration.ofMillis(ms + (long) (random.nextDouble() * ms / 10));
  }

  /** {@code --once}: ticks while the state changes (at most a full pass), then stops. */
  public AgentState runOnce() throws IOException {
    applyRequests();
    for (int i = 0; i < 8; i++) {
      AgentState before = agent.state();
      AgentState after = agent.tick();
      control.writeStatus(agent.status());
      if (after.equals(before) || after instanceof AgentState.End || after instanceof AgentState.UpdateFinalized) {
        break;
      }
    }
    return agent.state();
  }

  /** Runs until interrupted. */
  public void run(Sleeper sleeper) throws IOException, InterruptedException {
    while (!Thread.currentThread().isInterrupted()) {
      AgentState before = agent.state();
      try {
        agent.tick();
      } catch (IOException e) {
        listener.event("tick failed: " + e.getMessage());
      }
      control.writeStatus(agent.status());
      if (!agent.state().equals(before) && !(agent.state() instanceof AgentState.End)) {
        continue;
      }
      long waitMs = (agent.state() instanceof AgentState.End ? Duration.ofHours(3) : nextDelay()).toMillis();
      while (waitMs > 0) {
        if (applyRequests()) {
          break;
        }
        long step = Math.min(1000, waitMs);
        sleeper.sleep(Duration.ofMillis(step));
        waitMs -= step;
      }
    }
  }

  /** Applies waiting requests; true when one calls for a tick now. */
  boolean applyRequests() throws IOException {
    boolean tickNow = false;
    for (ControlDir.Request r : control.take()) {
      listener.event("request: " + r.verb());
      switch (r) {
        case CHECK_NOW -> agent.requestCheckNow();
        case REBOOT_NOW -> agent.requestRebootNow();
        case PAUSE -> agent.setPaused(true);
        case RESUME -> agent.setPaused(false);
        case UNLOCK -> agent.releaseLock();
        default -> throw new IllegalStateException();
      }
      tickNow = true;
    }
    if (tickNow) {
      control.writeStatus(agent.status());
    }
    return tickNow;
  }
}
