package dev.caisson.provision;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;

/** The result file and the stamp, written in the root's /etc (never through a symlink). */
final class ResultFile {
  private final Path root;
  private final Clock clock;

  ResultFile(Path root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  /** One filesystem sync for the whole run ({@code sync -f}), before the stamp is written. */
  void sync() throws ProvisionException {
    try {
      Process p = new ProcessBuilder("sync", "-f", root.toString()).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor() == 0) {
        return;
      }
    } catch (IOException e) {
      // no sync tool: fall back to syncing a file below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProvisionException("interrupted while syncing " + root);
    }
    try (FileChannel ch = FileChannel.open(root, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      throw new ProvisionException("cannot sync " + root + ": " + e.getMessage(), e);
    }
  }

  void write(String hash, Stage stage, String status, int applied, int total, String error)
      throws ProvisionException {
    // a bare generator: an ObjectMapper's set-up (date formats, locales) costs more than the run's JSON
    var text = new java.io.StringWriter();
    try (var json = new com.fasterxml.jackson.core.JsonFactory().createGenerator(text)) {
      json.useDefaultPrettyPrinter();
      json.writeStartObject();
      json.writeStringField("provisioningDate", Instant.now(clock).toString());
      json.writeStringField("configSha256", hash);
      json.writeStringField("stage", stage.name().toLowerCase(java.util.Locale.ROOT));
      json.writeStringField("status", status);
      if (applied >= 0) {
        json.writeNumberField("applied", applied);
      }
      json.writeNumberField("operations", total);
      if (error != null) {
        json.writeStringField("error", error);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new ProvisionException("cannot write the result: " + e.getMessage(), e);
    }
    put(Provisioner.RESULT, (text + "\n").getBytes(StandardCharsets.UTF_8), 0600);
  }

  void stamp(String hash) throws ProvisionException {
    put(Provisioner.STAMP, ("sha256 " + hash + "\n").getBytes(StandardCharsets.UTF_8), 0644);
  }

  private void put(String rel, byte[] data, int mode) throws ProvisionException {
    Path p = root.resolve(rel);
    try {
      Path etc = p.getParent();
      if (Files.isSymbolicLink(etc)) {
        throw new ProvisionException(etc + " is a symbolic link: the result file is not written through it");
      }
      Files.createDirectories(etc);
      Path tmp = etc.resolve("." + p.getFileName() + ".caisson-tmp");
      Files.write(tmp, data);
      Files.setAttribute(tmp, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ProvisionException("cannot write " + p + ": " + e.getMessage(), e);
    }
  }
}
