package dev.caisson.cli.quickstart;

/** Progress of a quick start (or of the end-to-end test that drives the same steps); the CLI prints it on stderr. */
public interface QuickstartListener {
  /** {@code step} started or reports {@code message}; {@code seconds} since the whole run began. */
  void step(String step, String message, double seconds);
}
