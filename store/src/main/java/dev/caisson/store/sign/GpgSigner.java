package dev.caisson.store.sign;

import dev.caisson.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Makes OpenPGP detached signatures with the user's GnuPG ({@code gpg --detach-sign}), as ostree's
 * gpgme does: the secret key stays in GnuPG's home (and its agent), never in this process.
 *
 * @param homedir GnuPG's home ({@code --gpg-homedir}); GnuPG's default when empty
 */
public record GpgSigner(String keyId, Optional<Path> homedir) {
  /** The binary detached signature over {@code data}. */
  public byte[] sign(byte[] data) throws IOException {
    var cmd = new ArrayList<>(List.of("gpg", "--batch", "--no-tty"));
    homedir.ifPresent(h -> cmd.addAll(List.of("--homedir", h.toString())));
    cmd.addAll(List.of("--local-user", keyId, "--detach-sign", "--output", "-"));
    Process p;
    try {
      p = new ProcessBuilder(cmd).start();
    } catch (IOException e) {
      throw new StoreException("cannot run gpg to sign with key " + keyId + ": " + e.getMessage());
    }
    Thread feeder = new Thread(() -> {
      try (var in = p.getOutputStream()) {
        in.write(data);
      } catch (IOException ignored) {
        // gpg exited early; its status says why
      }
    });
    feeder.start();
    var err = new StringBuilder();
    Thread errReader = new Thread(() -> {
      try {
        err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException ignored) {
        // nothing more to report
      }
    });
    errReader.start();
    byte[] sig = p.getInputStream().readAllBytes();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new StoreException("gpg did not finish signing with key " + keyId);
      }
      feeder.join();
      errReader.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while signing with gpg");
    }
    if (p.exitValue() != 0 || sig.length == 0) {
      throw new StoreException("gpg could not sign with key " + keyId + ": " + err.toString().strip());
    }
    return sig;
  }
}
