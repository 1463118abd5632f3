package dev.caisson.disk;

import java.util.List;

/** Runs external tools (mkfs, blkid, blockdev); tests may record or replace them. */
public interface Commands {
  /** What a finished command left. */
  record Result(int exitCode, String stdout, String stderr) {}

  /**
   * Runs {@code argv} to completion.
   *
   * @throws DiskException when it cannot be started, with its quoted command line in the message
   */
  Result exec(List<String> argv) throws DiskException;

  /** Whether {@code tool} is on the PATH (or in /sbin, /usr/sbin). */
  boolean installed(String tool);

  /** Runs {@code argv} and returns its standard output; a non-zero exit is a {@link DiskException}. */
  default String run(List<String> argv) throws DiskException {
    Result r = exec(argv);
    if (r.exitCode() != 0) {
      throw new DiskException(ProcessCommands.quoted(argv) + " failed (exit " + r.exitCode() + "): "
          + r.stderr().trim());
    }
    return r.stdout();
  }
}
