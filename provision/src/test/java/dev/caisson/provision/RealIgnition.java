package dev.caisson.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs the real Ignition 2.14 fetch-offline and files stages on a root, as FORMATS.md part 1 section 4 shows. */
final class RealIgnition {
  static final Path ENGINE = Path.of("/usr/lib/dracut/modules.d/30ignition/ignition");

  private RealIgnition() {}

  /** Returns the log; throws if either stage fails. */
  static String run(Path work, Path root, String config) throws IOException, InterruptedException {
    Files.createDirectories(work);
    Path cfg = work.resolve("config.ign");
    Files.writeString(cfg, config);
    Path stubs = work.resolve("stubs");
    Files.createDirectories(stubs);
    Path setfiles = stubs.resolve("setfiles");
    Files.writeString(setfiles, "#!/bin/sh\ncat >/dev/null\nexit 0\n");
    setfiles.toFile().setExecutable(true);
    String path = stubs + ":" + System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        + ":/usr/sbin:/sbin";
    var common = List.of("-config-cache", work.resolve("ignition.json").toString(), "-state-file",
        work.resolve("state").toString(), "-log-to-stdout", "-root", root.toString());
    var log = new StringBuilder();
    var fetch = new java.util.ArrayList<>(List.of(ENGINE.toString(), "-platform", "file", "-stage", "fetch-offline",
        "-neednet", work.resolve("neednet").toString()));
    fetch.addAll(common);
    exec(fetch, Map.of("IGNITION_CONFIG_FILE", cfg.toString(), "PATH", path), work, log);
    var files = new java.util.ArrayList<>(List.of(ENGINE.toString(), "-platform", "file", "-stage", "files"));
    files.addAll(common);
    exec(files, Map.of("PATH", path), work, log);
    return log.toString();
  }

  private static void exec(List<String> cmd, Map<String, String> env, Path dir, StringBuilder log)
      throws IOException, InterruptedException {
    var pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    log.append(out);
    if (p.waitFor() != 0) {
      throw new IOException("real ignition failed: " + cmd.get(4) + "\n" + out);
    }
  }
}
