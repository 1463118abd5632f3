package dev.caisson.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.config.butane.ButaneTranslator;
import dev.caisson.config.ignition.IgnitionJson;
import dev.caisson.config.ignition.IgnitionReader;
import dev.caisson.config.schema.ConfigSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of both front ends, seeded with real configs (the shared Butane corpus, our own
 * cases, the Ignition cases). Every mutant must end in a clean report: no exception escapes, a
 * result with output has no errors, and that output reads back as valid Ignition. Runs for
 * {@code -Dcaisson.fuzz.seconds} (15 by default; docs/benchmarks.md records a 10-minute run).
 */
class FrontEndFuzzTest {
  static final Path ROOT = Path.of(System.getProperty("caisson.root", "..")).toAbsolutePath().normalize();
  private static final String[] TOKENS = {":", "- ", "[", "]", "{", "}", "&a ", "*a", "<<: *a", "\"", "'", "\t", "\n",
      "  ", "0644", "0x", "~", "null", "yes", "!!binary ", "%YAML 1.2\n", "---\n", "# c", "\\u0000", "9999999999999",
      "-1", "/..", "data:,", "sha512-", "é", "\u0085", ",", "true", "3.9.0", "inline: ", "local: ../../etc/passwd"};

  @Test
  void mutantsNeverEscapeACleanReport() throws IOException {
    long seconds = Long.getLong("caisson.fuzz.seconds", 15);
    long seed = Long.getLong("caisson.fuzz.seed", System.nanoTime());
    var random = new Random(seed);
    List<String> yaml = corpus(".bu");
    List<String> json = corpus(".json");
    assertThat(yaml).hasSizeGreaterThan(50);
    assertThat(json).hasSizeGreaterThan(40);
    var translator = new ButaneTranslator();
    var reader = new IgnitionReader(new ConfigSchema());
    var writer = new IgnitionJson();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long runs = 0;
    while (System.nanoTime() < end) {
      boolean isYaml = random.nextBoolean();
      List<String> pool = isYaml ? yaml : json;
      String input = mutate(pool.get(random.nextInt(pool.size())), random);
      try {
        if (isYaml) {
          var r = translator.translate(new SourceText("fuzz.bu", input), ButaneTranslator.Options.defaults());
          assertThat(r.report()).isNotNull();
          if (r.config().isPresent()) {
            assertThat(r.report().hasErrors()).isFalse();
            var back = reader.read(new SourceText("out.ign", writer.write(r.config().get(), false)));
            assertThat(back.report().hasErrors()).as("output of a clean translation must validate: %s", back.report())
                .isFalse();
          }
        } else {
          var r = reader.read(new SourceText("fuzz.ign", input));
          assertThat(r.config().isPresent()).isEqualTo(!r.report().hasErrors());
        }
      } catch (RuntimeException | StackOverflowError e) {
        throw new AssertionError("seed " + seed + ", run " + runs + ": " + e + " on input:\n" + input, e);
      }
      runs++;
    }
    System.out.println("fuzz: " + runs + " mutants in " + seconds + " s, seed " + seed);
    assertThat(runs).isPositive();
  }

  private static String mutate(String s, Random r) {
    var sb = new StringBuilder(s);
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n && sb.length() > 0; i++) {
      int at = r.nextInt(sb.length());
      switch (r.nextInt(6)) {
        case 0 -> sb.deleteCharAt(at);
        case 1 -> sb.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
        case 2 -> sb.setCharAt(at, (char) (32 + r.nextInt(95)));
        case 3 -> {
          int lineStart = sb.lastIndexOf("\n", at) + 1;
          int lineEnd = sb.indexOf("\n", at);
          if (lineEnd > lineStart) {
            sb.insert(lineStart, sb.substring(lineStart, lineEnd + 1));
          }
        }
        case 4 -> {
          int lineStart = sb.lastIndexOf("\n", at) + 1;
          int lineEnd = sb.indexOf("\n", at);
          if (lineEnd > lineStart) {
            sb.delete(lineStart, lineEnd + 1);
          }
        }
        default -> sb.insert(at, " ".repeat(r.nextInt(4)));
      }
    }
    return sb.toString();
  }

  private static List<String> corpus(String suffix) throws IOException {
    var out = new ArrayList<String>();
    for (Path dir : List.of(ROOT.resolveSibling("shared/conformance/transpile"),
        ROOT.resolve("config/src/test/resources/butane-cases"), ROOT.resolve("config/src/test/resources/ignition-cases"),
        ROOT.resolve("examples"))) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.filter(p -> p.toString().endsWith(suffix) || suffix.equals(".json")
            && p.toString().endsWith(".ign")).toList()) {
          out.add(Files.readString(p));
        }
      }
    }
    return out;
  }
}
