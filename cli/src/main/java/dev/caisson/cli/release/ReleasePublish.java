package dev.caisson.cli.release;

import dev.caisson.cli.DebugOption;
import dev.caisson.cli.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(addMethodSubcommands = false, name = "publish",
    description = "Pull a commit into the server's repo and declare it on a stream, with its rollout.")
final class ReleasePublish implements Callable<Integer> {
  @Mixin DebugOption debug;

  // not mixinStandardHelpOptions: its -V/--version would clash with the release's --version
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;
  @ParentCommand ReleaseCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @ArgGroup(exclusive = false, multiplicity = "1") Target target;

  @Option(names = "--from", required = true, paramLabel = "REPO",
      description = "The archive repository to pull from: an http(s) URL, or a path on the server's machine.")
  String from;

  @Option(names = "--ref", required = true, paramLabel = "REF", description = "The ref or commit checksum to publish.")
  String ref;

  @Option(names = "--arch", defaultValue = "x86_64", paramLabel = "ARCH", description = "Default ${DEFAULT-VALUE}.")
  String arch;

  @Option(names = "--start", paramLabel = "WHEN",
      description = "Rollout start: unix seconds or an ISO instant (default now).")
  String start;

  @Option(names = "--duration", paramLabel = "MINUTES", description = "Rollout duration; without it, no ramp.")
  Long duration;

  @Option(names = "--start-value", paramLabel = "0..1",
      description = "Share of the fleet at the start (default 0 with --duration, else 1).")
  Double startValue;

  @Option(names = "--no-rollout", description = "List the release without offering it (no incoming edges).")
  boolean noRollout;

  @Option(names = "--barrier", paramLabel = "REASON", description = "Make it a barrier.")
  String barrier;

  @Option(names = "--max-per-period", paramLabel = "N", description = "Rate limit: grants per period.")
  Integer maxPerPeriod;

  @Option(names = "--period", defaultValue = "60", paramLabel = "MINUTES", description = "Default ${DEFAULT-VALUE}.")
  long period;

  @Option(names = "--max-in-progress", paramLabel = "M", description = "Rate limit: granted, not yet booted.")
  Integer maxInProgress;

  @Option(names = "--timeout", defaultValue = "60", paramLabel = "MINUTES",
      description = "A grant counts as in progress this long (default ${DEFAULT-VALUE}).")
  long timeout;

  @Override
  public Integer call() throws Exception {
    var client = parent.client();
    var body = target.body(client);
    String source = from;
    if (!from.startsWith("http://") && !from.startsWith("https://") && Files.isDirectory(Path.of(from))) {
      source = Path.of(from).toAbsolutePath().toString();
    }
    body.put("source", source).put("ref", ref).put("arch", arch);
    if (noRollout) {
      body.put("no_rollout", true);
    } else {
      var rollout = body.putObject("rollout");
      if (start != null) {
        rollout.put("start_epoch", epoch(start));
      }
      if (duration != null) {
        rollout.put("duration_minutes", duration);
      }
      if (startValue != null) {
        rollout.put("start_value", startValue);
      }
    }
    if (barrier != null) {
      body.put("barrier", barrier);
    }
    if (maxPerPeriod != null || maxInProgress != null) {
      if (maxPerPeriod == null || maxInProgress == null) {
        throw new UserException("a rate limit needs both --max-per-period and --max-in-progress");
      }
      body.putObject("rate_limit").put("max_per_period", maxPerPeriod).put("period_minutes", period)
          .put("max_in_progress", maxInProgress).put("timeout_minutes", timeout);
    }
    var release = client.post("releases/publish", body);
    spec.commandLine().getOut().println("published " + target.stream + " " + target.version + " " + arch + " "
        + release.get("payloads").get(arch).asText());
    return 0;
  }

  private static long epoch(String when) {
    if (when.matches("\\d+")) {
      return Long.parseLong(when);
    }
    try {
      return Instant.parse(when).getEpochSecond();
    } catch (DateTimeParseException e) {
      throw new UserException("--start: write unix seconds or an instant such as 2026-06-01T12:00:00Z");
    }
  }
}
