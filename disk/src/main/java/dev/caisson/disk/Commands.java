package dev.caisson.disk;

import java.util.List;

/** Runs external tools (mkfs, blkid, blockdev); tests may record or replace them. */
public interface Commands {
  /**
   * Runs {@code argv} and returns its standard output.
   *
   * @throws DiskException when it cannot start or exits non-zero, with its quoted command line and
   *     its standard error in the message
   */
  String run(List<String> argv) throws DiskException;

  /** Whether {@code tool} is on the PATH. */
  boolean installed(String tool);
}
