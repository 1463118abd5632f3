package dev.caisson.disk;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** {@link Commands} through {@link ProcessBuilder}, with /sbin and /usr/sbin added to the PATH. */
public final class ProcessCommands implements Commands {
  private final List<Path> path;

  public ProcessCommands() {
    String env = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    this.path = java.util.stream.Stream.concat(java.util.Arrays.stream(env.split(File.pathSeparator)),
        java.util.stream.Stream.of("/usr/sbin", "/sbin")).filter(s -> !s.isEmpty()).map(Path::of).distinct()
        .toList();
  }

  @Override
  public Result exec(List<String> argv) throws DiskException {
    List<String> cmd = new java.util.ArrayList<>(argv);
    cmd.set(0, locate(argv.get(0)));
    try {
      Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int rc = p.waitFor();
      return new Result(rc, out, new String(err.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new DiskException("cannot run " + quoted(argv) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DiskException("interrupted while running " + quoted(argv), e);
    }
  }

  private static byte[] drain(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  @Override
  public boolean installed(String tool) {
    return !locate(tool).equals(tool);
  }

  private String locate(String tool) {
    if (tool.contains("/")) {
      return tool;
    }
    for (Path dir : path) {
      Path f = dir.resolve(tool);
      if (Files.isExecutable(f)) {
        return f.toString();
      }
    }
    return tool;
  }

  /** A command line as a shell would read it back, for logs and messages. */
  public static String quoted(List<String> argv) {
    return argv.stream().map(a -> a.matches("[A-Za-z0-9_./=:,+@%-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
        .collect(Collectors.joining(" "));
  }
}
