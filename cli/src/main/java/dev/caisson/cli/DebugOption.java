package dev.caisson.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code --debug}, shared by every verb: show stack traces for failures. */
public final class DebugOption {
  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Show stack traces and internal detail on failure.")
  boolean debug;

  public boolean enabled() {
    return debug;
  }
}
