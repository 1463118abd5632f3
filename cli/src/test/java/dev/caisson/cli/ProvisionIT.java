package dev.caisson.cli;

import static dev.caisson.cli.BinCaissonIT.caisson;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/caisson provision} as a process: dry run, run, re-run, refusal, progress on stderr. */
class ProvisionIT {
  @TempDir Path tmp;

  @Test
  void dryRunThenRunThenNoOp() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path cfg = tmp.resolve("c.ign");
    Files.writeString(cfg, "{\"ignition\":{\"version\":\"3.3.0\"},\"storage\":{\"files\":[{\"path\":\"/etc/hello\","
        + "\"mode\":384,\"contents\":{\"source\":\"data:,secret-value\"}}]},"
        + "\"kernelArguments\":{\"shouldExist\":[\"console=ttyS0\"]}}");
    Files.writeString(tmp.resolve("cmdline"), "ro quiet\n");
    String[] common = {"provision", "--root", root.toString(), "--config", cfg.toString(), "--cmdline",
        tmp.resolve("cmdline").toString(), "--base-dir", tmp.resolve("none").toString(), "--fw-cfg-dir",
        tmp.resolve("none").toString()};
    var dry = caisson(concat(common, "--dry-run"));
    assertThat(dry.exitCode()).as(dry.stderr()).isZero();
    assertThat(dry.stdout()).contains("create file /etc/hello mode 0600 owner 0:0 sha256 ")
        .contains("ensure console=ttyS0").contains("reboot needed").doesNotContain("secret-value");
    assertThat(root.resolve("etc/hello")).doesNotExist();

    var run = caisson(common);
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stderr()).contains("files: op: [started]  create file /etc/hello")
        .contains("files: op: [finished] create file /etc/hello").doesNotContain("secret-value");
    assertThat(root.resolve("etc/hello")).hasContent("secret-value");
    assertThat(root.resolve("etc/caisson/kargs.d/50-provision.conf")).content().contains("ensure console=ttyS0");

    var again = caisson(common);
    assertThat(again.exitCode()).isZero();
    assertThat(again.stdout()).contains("already provisioned");

    Files.writeString(cfg, "{\"ignition\":{\"version\":\"3.3.0\"}}");
    var other = caisson(common);
    assertThat(other.exitCode()).isNotZero();
    assertThat(other.stderr()).contains("--force").doesNotContain("\tat ");
  }

  private static String[] concat(String[] a, String b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = b;
    return out;
  }
}
