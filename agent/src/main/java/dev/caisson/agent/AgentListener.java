package dev.caisson.agent;

/** Hears what the agent does, so the CLI can log it. Libraries never print. */
@FunctionalInterface
public interface AgentListener {
  AgentListener SILENT = message -> {};

  void event(String message);
}
