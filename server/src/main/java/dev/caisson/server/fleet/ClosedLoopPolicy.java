package dev.caisson.server.fleet;

/**
 * When failures halt a rollout: {@code failedNodes} distinct nodes failed on or rolled back from a release, or
 * (once {@code ratioMinTakers} nodes took it) a share of at least {@code failedRatio} of those that took it.
 */
public record ClosedLoopPolicy(boolean enabled, int failedNodes, double failedRatio, int ratioMinTakers) {
  public ClosedLoopPolicy {
    if (failedNodes < 1 || !(failedRatio > 0 && failedRatio <= 1) || ratioMinTakers < 1) {
      throw new IllegalArgumentException("closed loop: failed_nodes >= 1, 0 < failed_ratio <= 1, min_takers >= 1");
    }
  }

  public static ClosedLoopPolicy defaults() {
    return new ClosedLoopPolicy(true, 2, 0.05, 20);
  }

  public boolean tripped(int failures, int takers) {
    return enabled && (failures >= failedNodes
        || (takers >= ratioMinTakers && failures >= failedRatio * takers));
  }
}
