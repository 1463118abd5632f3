package dev.caisson.compose;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs a host tool in a test and returns its output lines; a failure fails the test. */
final class Tools {
  private Tools() {}

  static List<String> run(Path dir, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
    }
    return out.lines().filter(l -> !l.isBlank() && !l.matches("\\d+ blocks")).toList();
  }
}
