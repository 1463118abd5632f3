package dev.caisson.deploy;

/** Hears what a sysroot operation is doing, so that the CLI can show it. Libraries never print. */
@FunctionalInterface
public interface DeployListener {
  DeployListener SILENT = message -> {};

  void step(String message);
}
