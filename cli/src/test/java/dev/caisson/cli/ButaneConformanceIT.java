package dev.caisson.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shared conformance checker (the real Butane v0.23.0's recorded outputs) against
 * {@code bin/caisson transpile}. The shared copy of the cases lost its symlinks in packaging (the
 * files hold the link targets as text); the copy made here restores them from the recorded output,
 * as the cases' README asks.
 */
class ButaneConformanceIT {
  static final Path ROOT = BinCaissonIT.ROOT;
  static final Path SHARED = ROOT.resolveSibling("shared").resolve("conformance");

  @TempDir Path tmp;

  @Test
  void everyRecordedButaneCasePasses() throws Exception {
    Path cases = tmp.resolve("transpile");
    copy(SHARED.resolve("transpile"), cases);
    restoreTreeSymlinks(cases);
    check(cases);
  }

  @Test
  void everyOwnCasePasses() throws Exception {
    Path cases = tmp.resolve("own");
    copy(ROOT.resolve("config/src/test/resources/butane-cases"), cases);
    check(cases);
  }

  private static void check(Path cases) throws Exception {
    var cmd = List.of("python3", SHARED.resolve("check_transpile.py").toString(), ROOT.resolve("bin/caisson").toString(),
        "--cases", cases.toString(), "-j", "2");
    Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
    String last = out.strip().lines().reduce((a, b) -> b).orElse("");
    assertThat(last).as(out).matches("transpile: \\d+ passed, 0 failed; position matches: \\d+/\\d+");
    assertThat(p.exitValue()).as(out).isZero();
  }

  /** Case 13's tree has links; put them back where the recorded output says they are. */
  private static void restoreTreeSymlinks(Path cases) throws IOException {
    JsonNode expected = new ObjectMapper().readTree(cases.resolve("13-trees-fcos110.ign").toFile());
    for (JsonNode link : expected.path("storage").path("links")) {
      Path file = cases.resolve("files-dir/tree" + link.path("path").asText());
      if (Files.isRegularFile(file) && Files.readString(file).equals(link.path("target").asText())) {
        Files.delete(file);
        Files.createSymbolicLink(file, Path.of(link.path("target").asText()));
      }
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      var all = new ArrayList<>(s.toList());
      for (Path p : all) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
          target.toFile().setWritable(true);
        }
      }
    }
    try (Stream<Path> s = Files.walk(to)) {
      s.forEach(p -> p.toFile().setWritable(true));
    }
  }
}
