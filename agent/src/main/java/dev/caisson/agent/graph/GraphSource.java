package dev.caisson.agent.graph;

/** Where the agent gets its graph; {@link GraphClient} asks a Cincinnati server. */
@FunctionalInterface
public interface GraphSource {
  UpdateGraph fetch(GraphQuery query) throws GraphException;
}
