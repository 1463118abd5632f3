package dev.caisson.agent;

import dev.caisson.agent.graph.Release;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/** What the agent needs from the operating system it updates; {@link SysrootNode} is the real one. */
public interface Node {
  /** The booted deployment's commit, its version and stream metadata. */
  record Booted(String checksum, String version, Optional<String> stream) {}

  /** The outcome of the boot health checks. */
  record Health(boolean healthy, String summary) {}

  Booted booted() throws IOException;

  /** Commits of the other local deployments: never targeted, as Zincati's start-up denylist. */
  Set<String> otherDeployments() throws IOException;

  /**
   * Pulls the release's commit into the node's repository and stages a deployment of it with its finalization
   * locked, so that a reboot the agent did not ask for boots the current deployment (ostree's
   * {@code --lock-finalization}, as Zincati stages). A staged deployment of another release is replaced.
   */
  void stage(Release target) throws IOException;

  /** Drops the staged deployment (its release was withdrawn): shutdown then finalizes nothing. */
  void discardStaged() throws IOException;

  /** Lets the next shutdown finalize the staged deployment: called only once the strategy allows the reboot. */
  void unlockFinalization() throws IOException;

  /** Runs the health checks; a healthy boot is marked good (boot-ok). */
  Health checkHealth() throws IOException;

  /** Why the booted deployment is not the default, when boot counting rolled back. */
  Optional<String> rollbackReason() throws IOException;

  /** The last failure to finalize a staged deployment at shutdown, if any. */
  Optional<String> finalizeFailure() throws IOException;
}
