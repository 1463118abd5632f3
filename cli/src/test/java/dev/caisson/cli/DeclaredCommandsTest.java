package dev.caisson.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Commands declared in code bind their options to their fields as annotated ones do. */
class DeclaredCommandsTest {
  private static CommandLine parsed(String... args) {
    CommandLine cli = CommandTree.forArgs(new Main(), args);
    CommandLine.ParseResult result = cli.parseArgs(args);
    while (result.hasSubcommand()) {
      result = result.subcommand();
    }
    return result.commandSpec().commandLine();
  }

  @Test
  void provisionOptionsReachTheirFields() {
    var cmd = (ProvisionCommand) parsed("provision", "--root", "/r", "--device-map", "/dev/vda=a.img",
        "--device-map", "/dev/vdb=b.img", "--dry-run", "--config", "c.ign").getCommand();
    assertThat(cmd.root).isEqualTo(Path.of("/r"));
    assertThat(cmd.deviceMap).containsExactly("/dev/vda=a.img", "/dev/vdb=b.img");
    assertThat(cmd.dryRun).isTrue();
    assertThat(cmd.force).isFalse();
    assertThat(cmd.config).isEqualTo("c.ign");
    assertThat(cmd.stage).isEqualTo("all");
    assertThat(cmd.cmdline).isEqualTo(Path.of("/proc/cmdline"));
    assertThat(cmd.baseDir).isEqualTo(Path.of("/usr/lib/ignition/base.d"));
  }

  @Test
  void provisionRequiresRootAndRefusesUnknownOptions() {
    assertThatThrownBy(() -> parsed("provision", "--config", "c.ign"))
        .isInstanceOf(CommandLine.MissingParameterException.class).hasMessageContaining("--root");
    assertThatThrownBy(() -> parsed("provision", "--root", "/r", "--no-such"))
        .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
  }

  @Test
  void rootCommandHasHelpAndVersion() {
    CommandLine cli = CommandTree.forArgs(new Main(), new String[] {"--version"});
    assertThat(cli.getCommandName()).isEqualTo("caisson");
    assertThat(cli.getCommandSpec().versionProvider()).isInstanceOf(VersionProvider.class);
    assertThat(cli.getCommandSpec().findOption("--help")).isNotNull();
  }
}
