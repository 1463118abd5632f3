package dev.caisson.image;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** Runs the external tools an image needs (mke2fs, mkfs.vfat, mcopy, qemu-img, debugfs). */
public final class Tools {
  private final List<Path> path;

  public Tools() {
    String env = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    var dirs = new ArrayList<Path>();
    for (String d : (env + ":/usr/sbin:/sbin").split(File.pathSeparator)) {
      if (!d.isEmpty() && !dirs.contains(Path.of(d))) {
        dirs.add(Path.of(d));
      }
    }
    this.path = List.copyOf(dirs);
  }

  /** What a finished command left. */
  public record Result(int exitCode, String stdout, String stderr) {}

  /** Runs {@code argv} with extra environment variables; a non-zero exit is an {@link ImageException}. */
  public String run(Map<String, String> env, List<String> argv) throws ImageException {
    Result r = exec(env, argv);
    if (r.exitCode() != 0) {
      throw new ImageException(quoted(argv) + " failed (exit " + r.exitCode() + "): " + r.stderr().trim());
    }
    return r.stdout();
  }

  public String run(List<String> argv) throws ImageException {
    return run(Map.of(), argv);
  }

  public Result exec(Map<String, String> env, List<String> argv) throws ImageException {
    List<String> cmd = new ArrayList<>(argv);
    cmd.set(0, locate(argv.get(0)).map(Path::toString).orElse(argv.get(0)));
    var pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p));
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int rc = p.waitFor();
      return new Result(rc, out, err.join());
    } catch (IOException e) {
      throw new ImageException("cannot run " + quoted(argv) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageException("interrupted while running " + quoted(argv), e);
    }
  }

  private static String drain(Process p) {
    try {
      return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The tool's path, if it is on the PATH (or in /sbin, /usr/sbin). */
  public java.util.Optional<Path> locate(String tool) {
    if (tool.contains("/")) {
      return Files.isExecutable(Path.of(tool)) ? java.util.Optional.of(Path.of(tool)) : java.util.Optional.empty();
    }
    return path.stream().map(d -> d.resolve(tool)).filter(Files::isExecutable).findFirst();
  }

  /** Fails with the Debian package to install when {@code tool} is missing. */
  public void require(String tool, String debianPackage) throws ImageException {
    if (locate(tool).isEmpty()) {
      throw new ImageException(tool + " is not installed; install the Debian package " + debianPackage);
    }
  }

  /** A command line as a shell would read it back. */
  public static String quoted(List<String> argv) {
    return argv.stream().map(a -> a.matches("[A-Za-z0-9_./=:,+@%-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
        .collect(Collectors.joining(" "));
  }
}
