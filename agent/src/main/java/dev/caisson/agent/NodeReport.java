package dev.caisson.agent;

import java.util.List;

/**
 * The body of the update server's {@code POST /v1/report}. {@code state} is one of idle, staged,
 * rebooting, healthy, failed.
 */
public record NodeReport(String nodeUuid, String stream, String group, String state, String bootedVersion,
    String bootedChecksum, String stagedVersion, String lastError, List<Rollback> rollbacks) {
  public NodeReport {
    rollbacks = List.copyOf(rollbacks);
  }

  /** The node booted {@code fromVersion}, found it bad, and is back on {@code toVersion}. */
  public record Rollback(String fromVersion, String toVersion) {}
}
