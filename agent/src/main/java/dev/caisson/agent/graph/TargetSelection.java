package dev.caisson.agent.graph;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Zincati's {@code find_update}: from the node whose payload is the booted commit, every edge
 * target must be a well-formed release (else the whole check fails); denylisted payloads and
 * dead-ends are dropped; the highest {@code age_index} wins; a target not above the booted one is a
 * downgrade and is refused unless downgrades are allowed. Dead-end targets are skipped too (the
 * server should already have cut their edges).
 */
public final class TargetSelection {
  /** The outcome of a check. {@code ignored} counts targets dropped by the denylist. */
  public record Choice(Optional<Release> target, Optional<Release> booted, int ignored, String reason) {}

  private final boolean allowDowngrade;

  public TargetSelection(boolean allowDowngrade) {
    this.allowDowngrade = allowDowngrade;
  }

  public Choice choose(UpdateGraph graph, String bootedChecksum, Set<String> denylist) throws GraphException {
    Optional<Integer> at = graph.indexOfPayload(bootedChecksum);
    if (at.isEmpty()) {
      return new Choice(Optional.empty(), Optional.empty(), 0, "the booted commit is not in the graph");
    }
    Release booted = graph.nodes().get(at.get());
    List<Release> targets = graph.targetsOf(at.get());
    for (Release r : targets) {
      if (r.version().isEmpty() || r.payload().isEmpty()) {
        throw new GraphException("graph_invalid_node", "a target has no version or payload");
      }
      if (r.scheme().isEmpty() || !r.scheme().get().equals("checksum")) {
        throw new GraphException("graph_invalid_node", "target " + r.version() + " has scheme "
            + r.scheme().orElse("(none)") + ", only checksum payloads are supported");
      }
      if (r.ageIndex().isEmpty()) {
        throw new GraphException("graph_invalid_node", "target " + r.version() + " has no integer age_index");
      }
    }
    int ignored = (int) targets.stream().filter(r -> denylist.contains(r.payload())).count();
    Optional<Release> best = targets.stream()
        .filter(r -> !denylist.contains(r.payload()))
        .filter(r -> !r.payload().equals(bootedChecksum))
        .filter(r -> !r.deadend())
        .max(Comparator.comparingLong(r -> r.ageIndex().orElseThrow()));
    if (best.isEmpty()) {
      return new Choice(Optional.empty(), Optional.of(booted), ignored,
          targets.isEmpty() ? "no update edge from the booted release" : "every target is denylisted");
    }
    long bootedAge = booted.ageIndex().orElse(-1L);
    if (!allowDowngrade && best.get().ageIndex().orElseThrow() <= bootedAge) {
      return new Choice(Optional.empty(), Optional.of(booted), ignored,
          "refusing downgrade to " + best.get().version());
    }
    return new Choice(best, Optional.of(booted), ignored, "update to " + best.get().version());
  }
}
