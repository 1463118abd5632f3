package dev.caisson.cli.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.caisson.deploy.BootHealth;
import dev.caisson.deploy.RepoCommits;
import dev.caisson.deploy.StatusReport;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(addMethodSubcommands = false,
    name = "status", description = "List deployments: booted, staged, pending, rollback.",
    mixinStandardHelpOptions = true)
final class AdminStatus extends AdminVerbs.Verb {
  @Option(names = "--json", description = "Machine-readable output.") boolean json;

  @Override
  public Integer call() throws Exception {
    var sysroot = sysroot();
    StatusReport report = StatusReport.of(sysroot, new RepoCommits(admin().repo()), new BootHealth(sysroot,
        Clock.systemUTC()));
    if (json) {
      out().println(new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
          .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    } else {
      out().print(report.render());
    }
    out().flush();
    return report.finalizeFailure().isPresent() ? 1 : 0;
  }
}
