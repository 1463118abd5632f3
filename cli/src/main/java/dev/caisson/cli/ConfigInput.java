package dev.caisson.cli;

import dev.caisson.config.SourceText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a config from a file, or from standard input when no file is named. */
final class ConfigInput {
  /** Larger inputs are refused before they are read whole. */
  static final long MAX_BYTES = 64L * 1024 * 1024;

  private ConfigInput() {}

  static SourceText read(Path input) throws IOException {
    if (input == null) {
      byte[] bytes = System.in.readNBytes((int) MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new UserException("<stdin>: input is larger than " + MAX_BYTES / (1024 * 1024) + " MiB; refusing it");
      }
      return new SourceText("<stdin>", new String(bytes, StandardCharsets.UTF_8));
    }
    try {
      if (Files.size(input) > MAX_BYTES) {
        throw new UserException(input + ": " + Files.size(input) / (1024 * 1024) + " MiB is larger than the "
            + MAX_BYTES / (1024 * 1024) + " MiB limit for a config");
      }
      return new SourceText(input.toString(), Files.readString(input, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new UserException(input + ": no such file");
    } catch (java.nio.charset.MalformedInputException e) {
      throw new UserException(input + ": not UTF-8 text; a config must be UTF-8");
    }
  }
}
