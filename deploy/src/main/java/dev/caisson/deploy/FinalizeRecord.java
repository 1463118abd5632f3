package dev.caisson.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Remembers, in the persistent sysroot, that finalizing a staged deployment failed, so that the
 * next {@code status} says so loudly instead of silently booting the old deployment.
 */
final class FinalizeRecord {
  private FinalizeRecord() {}

  private static Path file(SysrootLayout layout) {
    return layout.root().resolve("ostree/caisson/finalize-failure");
  }

  static void write(SysrootLayout layout, String deployment, Throwable cause) throws IOException {
    Path f = file(layout);
    Files.createDirectories(f.getParent());
    String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    Durable.write(f, Instant.now() + " finalizing " + deployment + " failed: " + reason.replace('\n', ' ') + "\n");
  }

  static Optional<String> read(SysrootLayout layout) throws IOException {
    Path f = file(layout);
    return Files.isRegularFile(f) ? Optional.of(Files.readString(f).strip()) : Optional.empty();
  }

  static void clear(SysrootLayout layout) throws IOException {
    Files.deleteIfExists(file(layout));
  }
}
