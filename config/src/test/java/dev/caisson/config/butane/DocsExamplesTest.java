package dev.caisson.config.butane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.config.SourceText;
import dev.caisson.config.ignition.IgnitionJson;
import dev.caisson.config.ignition.IgnitionReader;
import dev.caisson.config.schema.ConfigSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Butane example in docs/ and examples/ transpiles without problems and validates as Ignition. */
class DocsExamplesTest {
  static final Path ROOT = Path.of(System.getProperty("caisson.root", "..")).toAbsolutePath().normalize();
  private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

  static Stream<Arguments> examples() throws IOException {
    var out = new ArrayList<Arguments>();
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        var m = YAML_BLOCK.matcher(Files.readString(doc));
        int n = 0;
        while (m.find()) {
          if (m.group(1).contains("variant:")) {
            out.add(Arguments.of(doc.getFileName() + "#" + ++n, m.group(1)));
          }
        }
      }
    }
    try (Stream<Path> ex = Files.list(ROOT.resolve("examples"))) {
      for (Path bu : ex.filter(p -> p.toString().endsWith(".bu")).sorted().toList()) {
        out.add(Arguments.of("examples/" + bu.getFileName(), Files.readString(bu)));
      }
    }
    assertThat(out).hasSizeGreaterThanOrEqualTo(4);
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void transpilesCleanlyAndValidates(String name, String yaml) {
    var result = new ButaneTranslator().translate(new SourceText(name, yaml),
        new ButaneTranslator.Options(Optional.of(ROOT.resolve("examples")), true));
    assertThat(result.report().problems()).as(name).isEmpty();
    String json = new IgnitionJson().write(result.config().orElseThrow(), false);
    var read = new IgnitionReader(new ConfigSchema()).read(new SourceText(name + ".ign", json));
    assertThat(read.report().problems()).as(name).isEmpty();
  }

}
