package dev.caisson.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    var cli = Main.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void versionNamesTheProject() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("caisson ").doesNotContain("${");
  }

  @Test
  void helpListsTheVerbs() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: caisson").contains("help");
  }

  @Test
  void mistypedOptionGivesShortErrorAndSuggestion() {
    assertThat(run("--verison")).isEqualTo(2);
    assertThat(err.toString())
        .contains("Unknown option: '--verison'")
        .contains("--version")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }
}
