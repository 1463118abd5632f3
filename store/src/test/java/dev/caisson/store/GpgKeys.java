package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Throwaway GPG keys in their own home directories, made with the real gpg, for signature tests. */
final class GpgKeys {
  private final Path dir;

  GpgKeys(Path dir) {
    this.dir = dir;
  }

  /** Runs gpg non-interactively on {@code home}; returns its output and fails the test on an error. */
  String gpg(Path home, String... args) throws Exception {
    var cmd = new ArrayList<>(List.of("gpg", "--batch", "--homedir", home.toString(), "--pinentry-mode", "loopback",
        "--passphrase", ""));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  /** A new home with one RSA signing key for {@code name}. */
  Path newKey(String name) throws Exception {
    Path home = Files.createDirectories(dir.resolve("gnupg-" + name));
    Files.setAttribute(home, "unix:mode", 0700);
    gpg(home, "--quick-gen-key", name + " <" + name + "@example.com>", "rsa2048", "sign", "never");
    return home;
  }

  /** The fingerprint of the first key in {@code home}. */
  String fingerprint(Path home) throws Exception {
    return gpg(home, "--with-colons", "--list-keys").lines().filter(l -> l.startsWith("fpr:")).findFirst()
        .orElseThrow().split(":")[9];
  }
}
