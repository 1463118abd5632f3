package dev.caisson.server.graph;

import dev.caisson.server.store.Release;
import java.util.Map;

/** A node of a stream's graph for one architecture: the release, its payload and its FCOS metadata. */
public record GraphNode(Release release, String payload, long ageIndex, Map<String, String> metadata) {
  public GraphNode {
    metadata = Map.copyOf(metadata);
  }

  public String version() {
    return release.version();
  }
}
