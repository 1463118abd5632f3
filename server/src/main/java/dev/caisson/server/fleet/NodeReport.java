package dev.caisson.server.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code POST /v1/report}: what the agent says of its node. {@code state} is free text from a small set
 * ({@code idle}, {@code staged}, {@code rebooting}, {@code healthy}, {@code failed}); a {@code failed} state with a
 * staged version, or a rollback event, counts as a failure of that version.
 */
public record NodeReport(@JsonProperty("node_uuid") String nodeUuid, @JsonProperty("stream") String stream,
    @JsonProperty("group") String group, @JsonProperty("state") String state,
    @JsonProperty("booted_version") String bootedVersion, @JsonProperty("booted_checksum") String bootedChecksum,
    @JsonProperty("staged_version") String stagedVersion, @JsonProperty("last_error") String lastError,
    @JsonProperty("rollbacks") List<Rollback> rollbacks) {

  /** The node booted {@code fromVersion}, found it unhealthy, and went back to {@code toVersion}. */
  public record Rollback(@JsonProperty("from_version") String fromVersion,
      @JsonProperty("to_version") String toVersion) {}

  public NodeReport {
    if (nodeUuid == null || nodeUuid.isBlank()) {
      throw new IllegalArgumentException("node_uuid is required");
    }
    stream = orEmpty(stream);
    group = orEmpty(group);
    state = orEmpty(state);
    bootedVersion = orEmpty(bootedVersion);
    bootedChecksum = orEmpty(bootedChecksum);
    stagedVersion = orEmpty(stagedVersion);
    lastError = orEmpty(lastError);
    rollbacks = rollbacks == null ? List.of() : List.copyOf(rollbacks);
    for (Rollback r : rollbacks) {
      if (r.fromVersion() == null || r.fromVersion().isBlank()) {
        throw new IllegalArgumentException("a rollback needs from_version");
      }
    }
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s.strip();
  }
}
