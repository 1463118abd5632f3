package dev.caisson.cli.admin;

import dev.caisson.deploy.BootHealth;
import dev.caisson.deploy.HealthCheck;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(addMethodSubcommands = false,
    name = "health-check", description = "Run required.d and wanted.d checks; mark the boot good or record why not.",
    mixinStandardHelpOptions = true)
final class AdminHealthCheck extends AdminVerbs.Verb {
  @Option(names = "--checks", paramLabel = "DIR",
      description = "Directories holding required.d/ and wanted.d/ (default /usr/lib/caisson/health, /etc/caisson/health).")
  List<Path> dirs = new ArrayList<>();
  @Option(names = "--timeout", defaultValue = "300", description = "Seconds each check may take.") int timeout;

  @Override
  public Integer call() throws Exception {
    if (dirs.isEmpty()) {
      dirs = List.of(Path.of("/usr/lib/caisson/health"), Path.of("/etc/caisson/health"));
    }
    var report = new BootHealth(sysroot(), Clock.systemUTC())
        .check(new HealthCheck(dirs, Duration.ofSeconds(timeout)));
    for (var r : report.results()) {
      err().println((r.passed() ? "ok   " : "FAIL ") + (r.required() ? "required " : "wanted   ") + r.script());
    }
    out().println(report.healthy() ? "healthy: boot marked good" : "unhealthy: " + report.summary());
    out().flush();
    err().flush();
    return report.healthy() ? 0 : 1;
  }
}
