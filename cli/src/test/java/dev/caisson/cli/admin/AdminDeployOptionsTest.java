package dev.caisson.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `admin deploy` is declared in code: its options and the inherited admin ones reach their fields. */
class AdminDeployOptionsTest {
  private final AdminCommand admin = new AdminCommand();
  private final AdminDeploy deploy = new AdminDeploy();

  private void parse(String... args) {
    var cli = new CommandLine(admin.spec());
    cli.addSubcommand(new CommandLine(deploy.spec()));
    cli.parseArgs(args);
  }

  @Test
  void ownAndInheritedOptions() {
    parse("deploy", "--sysroot", "/s", "--os", "caisson", "--karg", "a=1", "--karg", "b=2",
        "--karg-append", "c", "--boot-tries", "0", "--stage", "--retain", "--debug", "stable");
    assertThat(deploy.os).isEqualTo("caisson");
    assertThat(deploy.kargs).containsExactly("a=1", "b=2");
    assertThat(deploy.kargsAppend).containsExactly("c");
    assertThat(deploy.tries).isZero();
    assertThat(deploy.stage).isTrue();
    assertThat(deploy.retain).isTrue();
    assertThat(deploy.notAsDefault).isFalse();
    assertThat(deploy.debug.enabled()).isTrue();
    assertThat(deploy.ref).isEqualTo("stable");
    assertThat(admin.sysroot).isEqualTo(Path.of("/s"));
    assertThat(deploy.admin()).isSameAs(admin);
  }

  @Test
  void defaults() {
    parse("--run-dir", "/r", "deploy", "--os", "caisson", "stable");
    assertThat(deploy.tries).isEqualTo(3);
    assertThat(deploy.kargs).isEmpty();
    assertThat(deploy.stage).isFalse();
    assertThat(deploy.debug.enabled()).isFalse();
    assertThat(admin.sysroot).isEqualTo(Path.of("/"));
    assertThat(admin.runDir).isEqualTo(Path.of("/r"));
    assertThat(admin.esp).isNull();
  }

  @Test
  void theRefIsRequired() {
    // a missing positional once reached the command as null: an internal error instead of usage
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("deploy", "--os", "caisson"))
        .isInstanceOf(CommandLine.MissingParameterException.class).hasMessageContaining("REF|COMMIT");
  }
}
