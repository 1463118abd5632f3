package dev.caisson.agent.strategy;

import java.io.IOException;

/** Counts interactive login sessions; while there are any, a reboot waits, as in Zincati. */
@FunctionalInterface
public interface SessionProbe {
  SessionProbe NONE = () -> 0;

  int interactiveSessions() throws IOException;
}
