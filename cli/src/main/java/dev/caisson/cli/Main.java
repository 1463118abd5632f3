package dev.caisson.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command: it only lists the verbs. */
@Command(
    name = "caisson",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Caisson: an image-based, immutable, auto-updating container OS.",
    subcommands = {
      CommandLine.HelpCommand.class,
      TranspileCommand.class,
      ValidateCommand.class,
      dev.caisson.cli.repo.RepoCommand.class,
      dev.caisson.cli.admin.AdminCommand.class,
      ProvisionCommand.class,
    })
public final class Main {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code; tests call this instead of {@link #main}. */
  public static int run(String... args) {
    return newCommandLine().execute(args);
  }

  static CommandLine newCommandLine() {
    var cli = new CommandLine(new Main());
    cli.setParameterExceptionHandler(new ShortErrorHandler());
    cli.setExecutionExceptionHandler(new FailureHandler());
    return cli;
  }
}
