package dev.caisson.config.ignition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.config.Problem;
import dev.caisson.config.Severity;
import dev.caisson.config.SourceText;
import dev.caisson.config.schema.ConfigSchema;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our validator against the real {@code ignition-validate} (Debian's ignition 2.14, installed by
 * .ci/run) on the same configs: both must accept exactly the ones the manifest says are valid.
 */
class IgnitionDifferentialTest {
  static Stream<Arguments> cases() throws IOException, URISyntaxException {
    Path dir = Path.of(IgnitionDifferentialTest.class.getResource("/ignition-cases/MANIFEST.tsv").toURI()).getParent();
    List<String> lines = Files.readAllLines(dir.resolve("MANIFEST.tsv"));
    return lines.stream().filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> l.split("\t"))
        .map(f -> Arguments.of(dir.resolve(f[0]), f[1].equals("valid")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void agreesWithIgnitionValidate(Path config, boolean valid) throws Exception {
    Process p = new ProcessBuilder("ignition-validate", config.toString()).redirectErrorStream(true).start();
    String theirs = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue() == 0).as("ignition-validate on %s said: %s", config.getFileName(), theirs)
        .isEqualTo(valid);

    var result = new IgnitionReader(new ConfigSchema())
        .read(new SourceText(config.toString(), Files.readString(config)));
    assertThat(!result.report().hasErrors()).as("ours on %s: %s", config.getFileName(), result.report()).isEqualTo(valid);
    if (!valid && !Files.readString(config).isBlank()) {
      assertThat(result.report().problems()).filteredOn(pr -> pr.severity() == Severity.ERROR)
          .allMatch(Problem::hasPosition, "every error names its JSON line and column");
    }
  }
}
