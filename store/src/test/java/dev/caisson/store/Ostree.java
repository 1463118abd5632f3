package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real ostree CLI (Debian's ostree 2022.7, installed by .ci/run). */
final class Ostree {
  private Ostree() {}

  static String run(String... args) throws IOException, InterruptedException {
    var cmd = new ArrayList<String>(List.of("ostree"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    if (p.exitValue() != 0) {
      throw new IOException("ostree " + String.join(" ", args) + " failed (" + p.exitValue() + "):\n" + out);
    }
    return out;
  }

  static String repo(Path repo, String... args) throws IOException, InterruptedException {
    var all = new ArrayList<String>();
    all.add("--repo=" + repo);
    all.addAll(List.of(args));
    return run(all.toArray(String[]::new));
  }
}
