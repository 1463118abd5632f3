package dev.caisson.cli.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void drawsABarOnATerminalAndNothingElsewhere() {
    assertThat(ProgressBar.line("pull", 450, 1000)).isEqualTo("pull [#############.................]  45% 450/1000");
    assertThat(ProgressBar.line("fsck", 7, 0)).isEqualTo("fsck: 7 objects");

    var term = new StringWriter();
    var bar = new ProgressBar(new PrintWriter(term), true);
    bar.progress("pull", 1, 2);
    bar.progress("pull", 2, 2);
    assertThat(term.toString()).startsWith("\r").contains("100% 2/2").endsWith(System.lineSeparator());

    var pipe = new StringWriter();
    var quiet = new ProgressBar(new PrintWriter(pipe), false);
    quiet.progress("pull", 1, 2);
    quiet.finish();
    assertThat(pipe.toString()).isEmpty();
  }
}
