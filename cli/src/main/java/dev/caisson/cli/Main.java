package dev.caisson.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The root command: it only lists the verbs. */
public final class Main implements CommandTree.Group, CommandTree.Declared {
  /** The verbs, one per line, in the order help lists them. */
  private static final List<Class<?>> VERBS = List.of(
      CommandLine.HelpCommand.class,
      TranspileCommand.class,
      ValidateCommand.class,
      dev.caisson.cli.repo.RepoCommand.class,
      dev.caisson.cli.admin.AdminCommand.class,
      ProvisionCommand.class,
      ComposeCommand.class,
      dev.caisson.cli.agent.AgentCommand.class,
      dev.caisson.cli.agent.UpdateCommand.class,
      ServerCommand.class,
      dev.caisson.cli.release.ReleaseCommand.class,
      dev.caisson.cli.image.ImageCommand.class,
      dev.caisson.cli.vm.VmCommand.class,
      dev.caisson.cli.quickstart.QuickstartCommand.class,
      TrainCommand.class);

  @Override
  public List<Class<?>> verbs() {
    return VERBS;
  }

  @Override
  public CommandSpec spec() {
    CommandSpec spec = Model.command(this, "caisson", "Caisson: an image-based, immutable, auto-updating container OS.");
    spec.versionProvider(new VersionProvider());
    return spec;
  }

  public static void main(String[] args) {
    // picocli's default factory probes for Groovy's Closure class; on a thin class path that miss
    // opens and scans every dependency jar (about 40 ms per start), and we never use Groovy
    System.setProperty("picocli.disable.closures", "true");
    // no option takes a java.sql or java.time type: skip loading their classes for converters
    System.setProperty("picocli.converters.excludes", "java\\.(sql|time)\\..*");
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code; tests call this instead of {@link #main}. */
  public static int run(String... args) {
    return configured(CommandTree.forArgs(new Main(), args)).execute(args);
  }

  /** The whole command tree (help and tests). */
  static CommandLine newCommandLine() {
    return configured(CommandTree.full(new Main()));
  }

  private static CommandLine configured(CommandLine cli) {
    // handlers reach the subcommands that exist when they are set, so the tree is built first
    cli.setParameterExceptionHandler(new ShortErrorHandler());
    cli.setExecutionExceptionHandler(new FailureHandler());
    return cli;
  }
}
