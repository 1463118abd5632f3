package dev.caisson.agent.config;

import java.nio.file.Path;

/** A configuration fragment that cannot be used; the message names the file, the line and the key. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(Path file, int line, String key, String message) {
    super(file + (line > 0 ? ":" + line : "") + (key.isEmpty() ? "" : ": " + key) + ": " + message);
  }
}
