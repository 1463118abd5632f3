package dev.caisson.deploy;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Health checks in greenboot's shape: executables in {@code required.d} (any failure makes the
 * boot bad) and {@code wanted.d} (failures are only reported), run in name order from each of the
 * given check directories.
 */
public final class HealthCheck {
  /** The outcome of one check. */
  public record Result(Path script, boolean required, int exitCode, String output) {
    public boolean passed() {
      return exitCode == 0;
    }
  }

  /** All results; the boot is healthy when no required check failed. */
  public record Report(List<Result> results) {
    public Report {
      results = List.copyOf(results);
    }

    public boolean healthy() {
      return results.stream().noneMatch(r -> r.required() && !r.passed());
    }

    /** A one-line account of the failures, for status and reports. */
    public String summary() {
      var failed = results.stream().filter(r -> !r.passed())
          .map(r -> (r.required() ? "required" : "wanted") + " check " + r.script().getFileName() + " exited "
              + r.exitCode())
          .toList();
      return failed.isEmpty() ? results.size() + " checks passed" : String.join("; ", failed);
    }
  }

  private final List<Path> checkDirs;
  private final Duration timeout;

  public HealthCheck(List<Path> checkDirs, Duration timeout) {
    this.checkDirs = List.copyOf(checkDirs);
    this.timeout = timeout;
  }

  public Report run() throws IOException {
    var results = new ArrayList<Result>();
    for (Path dir : checkDirs) {
      runAll(dir.resolve("required.d"), true, results);
      runAll(dir.resolve("wanted.d"), false, results);
    }
    return new Report(results);
  }

  private void runAll(Path dir, boolean required, List<Result> out) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    var scripts = new ArrayList<Path>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      s.forEach(scripts::add);
    }
    scripts.sort(null);
    for (Path script : scripts) {
      if (Files.isRegularFile(script) && Files.isExecutable(script)) {
        out.add(runOne(script, required));
      }
    }
  }

  private Result runOne(Path script, boolean required) throws IOException {
    Process p = new ProcessBuilder(script.toString()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return new Result(script, required, 124, "timed out after " + timeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + script, e);
    }
    String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    return new Result(script, required, p.exitValue(), output.length() > 4000 ? output.substring(0, 4000) : output);
  }
}
