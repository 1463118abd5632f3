package dev.caisson.agent;

import dev.caisson.agent.graph.Release;
import java.util.Optional;

/**
 * Zincati's states: Initialized → ReportedSteady → NoNewUpdate ⇄ UpdateAvailable → UpdateStaged →
 * UpdateFinalized, and End when the agent has nothing left to do until a reboot.
 */
public sealed interface AgentState {
  /** The label used in status, reports and the {@code state} metric. */
  String label();

  /** The release being worked on, if any. */
  default Optional<Release> target() {
    return Optional.empty();
  }

  record Initialized() implements AgentState {
    public String label() {
      return "initialized";
    }
  }

  record ReportedSteady() implements AgentState {
    public String label() {
      return "reported_steady";
    }
  }

  record NoNewUpdate() implements AgentState {
    public String label() {
      return "no_new_update";
    }
  }

  record UpdateAvailable(Release release) implements AgentState {
    public String label() {
      return "update_available";
    }

    public Optional<Release> target() {
      return Optional.of(release);
    }
  }

  record UpdateStaged(Release release) implements AgentState {
    public String label() {
      return "update_staged";
    }

    public Optional<Release> target() {
      return Optional.of(release);
    }
  }

  record UpdateFinalized(Release release) implements AgentState {
    public String label() {
      return "update_finalized";
    }

    public Optional<Release> target() {
      return Optional.of(release);
    }
  }

  /** Waiting for a reboot that was asked for. */
  record End(String why) implements AgentState {
    public String label() {
      return "end";
    }
  }

  /** The numeric code of the {@code caisson_agent_state} gauge (Zincati's order). */
  static int code(AgentState s) {
    if (s instanceof Initialized) {
      return 0;
    } else if (s instanceof ReportedSteady) {
      return 1;
    } else if (s instanceof NoNewUpdate) {
      return 2;
    } else if (s instanceof UpdateAvailable) {
      return 3;
    } else if (s instanceof UpdateStaged) {
      return 4;
    } else if (s instanceof UpdateFinalized) {
      return 5;
    }
    return 6;
  }
}
