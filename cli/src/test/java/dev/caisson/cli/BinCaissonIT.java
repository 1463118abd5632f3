package dev.caisson.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs {@code bin/caisson} as a separate process, as a user does. */
class BinCaissonIT {
  static final Path ROOT = Path.of(System.getProperty("caisson.root", "..")).toAbsolutePath().normalize();

  record Run(int exitCode, String stdout, String stderr) {}

  static Run caisson(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ROOT.resolve("bin/caisson").toString());
    cmd.addAll(List.of(args));
    var pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
    pb.environment().put("NO_COLOR", "1");
    Process p = pb.start();
    p.getOutputStream().close();
    var out = p.getInputStream().readAllBytes();
    var err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(
        p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void versionRunsWithoutRebuilding() throws Exception {
    Run run = caisson("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).startsWith("caisson ");
    assertThat(run.stderr()).doesNotContain("building");
  }

  /**
   * Reached through a symlink from another directory, the launcher still finds its build, and the
   * command runs in the caller's working directory (relative paths stay the caller's).
   */
  @Test
  void runsThroughASymlinkInTheCallersDirectory(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    java.nio.file.Files.createSymbolicLink(dir.resolve("caisson"), ROOT.resolve("bin/caisson"));
    java.nio.file.Files.writeString(dir.resolve("hello.bu"), "variant: fcos\nversion: 1.5.0\n");
    var pb = new ProcessBuilder(dir.resolve("caisson").toString(), "transpile", "hello.bu", "-o", "hello.ign")
        .directory(dir.toFile()).redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(java.nio.file.Files.readString(dir.resolve("hello.ign"))).contains("\"ignition\"");
  }

  @Test
  void unknownVerbIsAShortError() throws Exception {
    Run run = caisson("transpil");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("Unmatched argument").doesNotContain("\tat ");
  }
}
