package dev.caisson.agent;

import java.io.IOException;

/** Sends node reports to the update server; {@link #NONE} when there is none. */
@FunctionalInterface
public interface Reporter {
  Reporter NONE = r -> {};

  void report(NodeReport report) throws IOException;
}
