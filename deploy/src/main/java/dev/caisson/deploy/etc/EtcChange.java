package dev.caisson.deploy.etc;

import java.nio.file.Path;

/**
 * One local change to {@code /etc} found by comparing a deployment's {@code /etc} with its
 * defaults in {@code /usr/etc}, and carried into the next deployment.
 *
 * @param kind what happened to the path
 * @param path relative to {@code /etc}
 */
public record EtcChange(Kind kind, Path path) {
  public enum Kind {
    /** In /etc but not in the defaults: copied over. */
    ADDED,
    /** Content, type, mode or owner differs from the defaults: the local version wins. */
    MODIFIED,
    /** In the defaults but removed locally: removed from the new /etc too. */
    REMOVED,
    /** A directory whose mode or owner was changed locally: applied to the new directory. */
    METADATA
  }

  public EtcChange {
    if (path.isAbsolute()) {
      throw new IllegalArgumentException("path must be relative to /etc: " + path);
    }
  }
}
