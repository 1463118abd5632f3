package dev.caisson.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** What deployments need from the repository in the sysroot: resolving, reading, checking out. */
public interface CommitSource {
  /** The commit checksum a ref (or a checksum) names. */
  String resolve(String refOrChecksum) throws IOException;

  /** The commit's {@code version} metadata, if it has one. */
  Optional<String> version(String checksum) throws IOException;

  /** Checks the commit out into {@code dest}, which must not exist, hardlinking where possible. */
  void checkout(String checksum, Path dest) throws IOException;
}
