package dev.caisson.agent.graph;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A graph node: a release with its payload (an OSTree commit checksum) and Fedora CoreOS metadata.
 * Metadata values are strings, as on the wire.
 */
public record Release(String version, String payload, Map<String, String> metadata) {
  public static final String PREFIX = "org.fedoraproject.coreos.";
  public static final String AGE_INDEX = PREFIX + "releases.age_index";
  public static final String SCHEME = PREFIX + "scheme";
  public static final String DEADEND = PREFIX + "updates.deadend";
  public static final String DEADEND_REASON = PREFIX + "updates.deadend_reason";
  public static final String BARRIER = PREFIX + "updates.barrier";

  public Release {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(payload, "payload");
    metadata = Map.copyOf(metadata);
  }

  public Optional<Long> ageIndex() {
    String s = metadata.get(AGE_INDEX);
    try {
      return s == null ? Optional.empty() : Optional.of(Long.parseLong(s));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  public boolean deadend() {
    return "true".equals(metadata.get(DEADEND));
  }

  public Optional<String> scheme() {
    return Optional.ofNullable(metadata.get(SCHEME));
  }
}
