package dev.caisson.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The boot checksum that names a kernel's directory under /boot: sha256 over the kernel, then the
 * initramfs. A deploy hashes 20-100 MB here, so the files are piped through coreutils' {@code sha256sum}
 * (native code, several times faster than a freshly started JVM); the JDK's digest is the fallback.
 */
final class BootChecksum {
  private BootChecksum() {}

  /** sha256 (hex) over the files' contents, in order. */
  static String of(List<Path> files) throws IOException {
    try {
      return native_(files);
    } catch (IOException e) {
      return java(files);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while hashing the kernel", e);
    }
  }

  private static String native_(List<Path> files) throws IOException, InterruptedException {
    var cmd = new ArrayList<String>(List.of("bash", "-c", "set -o pipefail; cat -- \"$@\" | sha256sum", "bash"));
    for (Path f : files) {
      cmd.add(f.toString());
    }
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    if (p.waitFor() != 0 || out.length() < 64 || !out.substring(0, 64).matches("[0-9a-f]{64}")) {
      throw new IOException("sha256sum failed");
    }
    return out.substring(0, 64);
  }

  private static String java(List<Path> files) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (Path f : files) {
      try (InputStream in = new DigestInputStream(Files.newInputStream(f), sha)) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
