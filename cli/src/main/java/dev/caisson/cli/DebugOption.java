package dev.caisson.cli;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code --debug}, shared by every verb: show stack traces for failures. */
public final class DebugOption {
  private static final String DESCRIPTION = "Show stack traces and internal detail on failure.";

  @Option(names = "--debug", scope = ScopeType.INHERIT, description = DESCRIPTION)
  boolean debug;

  public boolean enabled() {
    return debug;
  }

  /** The same option for a command declared in code ({@link CommandTree.Declared}). */
  public OptionSpec declared() {
    return Model.flag("--debug", v -> debug = v).scopeType(ScopeType.INHERIT).description(DESCRIPTION).build();
  }
}
