package dev.caisson.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code ostree} (Debian's package, installed by .ci/run). Admin verbs run inside a
 * user namespace with identity-mapped ids: there the FIFREEZE of /boot's filesystem fails and
 * ostree falls back to syncfs, instead of freezing the host.
 */
final class RealOstree {
  private RealOstree() {}

  static String run(Path cwd, String... args) throws IOException, InterruptedException {
    var cmd = new ArrayList<String>(List.of("unshare", "-U", "--map-user=0", "--map-group=0", "ostree"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    if (p.exitValue() != 0) {
      throw new IOException("ostree " + String.join(" ", args) + " failed (" + p.exitValue() + "):\n" + out);
    }
    return out;
  }
}
