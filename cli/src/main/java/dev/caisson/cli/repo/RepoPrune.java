package dev.caisson.cli.repo;

import dev.caisson.cli.DebugOption;
import dev.caisson.cli.UserException;
import dev.caisson.store.Prune;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code caisson repo prune}: delete unreachable objects; never what a ref or a deployment holds. */
@Command(addMethodSubcommands = false, name = "prune", mixinStandardHelpOptions = true,
    description = "Delete objects nothing needs. Refs and the deployments of a sysroot's repo are always kept.")
final class RepoPrune implements Callable<Integer> {
  @Mixin DebugOption debug;
  @ParentCommand RepoCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--refs-only", description = "Keep only what refs (and deployments) reach, not every commit.")
  boolean refsOnly;

  @Option(names = "--depth", defaultValue = "-1", paramLabel = "N",
      description = "Keep N parents of each kept commit (-1: all, 0: none).")
  int depth;

  @Option(names = "--keep-younger-than", paramLabel = "DATE",
      description = "Drop commits older than DATE (ISO 8601, or 'N days ago' / 'N hours ago'), unless a ref names them.")
  String keepYoungerThan;

  @Option(names = "--no-prune", description = "Only report what would be deleted.")
  boolean noPrune;

  private static final Pattern AGO = Pattern.compile("(\\d+)\\s+(second|minute|hour|day|week)s?\\s+ago");

  static Instant parseDate(String text, Instant now) {
    Matcher m = AGO.matcher(text.strip().toLowerCase(java.util.Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration unit = switch (m.group(2)) {
        case "second" -> Duration.ofSeconds(1);
        case "minute" -> Duration.ofMinutes(1);
        case "hour" -> Duration.ofHours(1);
        case "day" -> Duration.ofDays(1);
        default -> Duration.ofDays(7);
      };
      return now.minus(unit.multipliedBy(n));
    }
    try {
      return OffsetDateTime.parse(text.strip()).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return java.time.LocalDate.parse(text.strip()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e2) {
        throw new UserException("--keep-younger-than=" + text
            + ": write an ISO 8601 time (2024-01-31T00:00:00Z), a date (2024-01-31), or 'N days ago'");
      }
    }
  }

  @Override
  public Integer call() throws Exception {
    Optional<Instant> keep = keepYoungerThan == null ? Optional.empty()
        : Optional.of(parseDate(keepYoungerThan, Instant.now()));
    var r = new Prune(parent.open()).run(new Prune.Options(refsOnly, depth, keep, noPrune));
    var out = spec.commandLine().getOut();
    out.println("Total objects: " + r.total());
    if (r.deleted() == 0) {
      out.println("No unreachable objects");
    } else {
      out.println((noPrune ? "Would delete " : "Deleted ") + r.deleted() + " objects, " + r.bytesFreed()
          + " bytes freed");
    }
    return 0;
  }
}
