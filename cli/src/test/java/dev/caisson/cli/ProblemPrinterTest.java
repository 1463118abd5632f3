package dev.caisson.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.config.Problem;
import dev.caisson.config.Report;
import dev.caisson.config.SourceText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemPrinterTest {
  private static final SourceText SOURCE =
      new SourceText("config.bu", "variant: fcos\nversion: 1.4.0\nstorage:\n  files:\n    - mode: 644\n");

  private String render(boolean colour, Problem... problems) {
    var text = new StringWriter();
    new ProblemPrinter(new PrintWriter(text), colour).print(new Report(List.of(problems)), SOURCE);
    return text.toString();
  }

  @Test
  void showsPositionLineAndCaretUnderTheToken() {
    String shown = render(false, Problem.warning("$.storage.files.0.mode", 5, 13, "did you mean 0644?"));
    assertThat(shown.lines())
        .containsExactly(
            "warning[$.storage.files.0.mode]: did you mean 0644?",
            " --> config.bu:5:13",
            "  |",
            "5 |     - mode: 644",
            "  |             ^^^");
  }

  @Test
  void noColourUnlessAsked() {
    Problem p = Problem.error("$.x", 1, 1, "bad");
    assertThat(render(false, p)).doesNotContain("\u001b[");
    assertThat(render(true, p)).contains("\u001b[1;31m");
  }

  @Test
  void problemWithoutPositionNamesTheSource() {
    assertThat(render(false, Problem.error("$", 0, 0, "empty config")))
        .isEqualTo("error[$]: empty config\n  --> config.bu\n".replace("\n", System.lineSeparator()));
  }
}
