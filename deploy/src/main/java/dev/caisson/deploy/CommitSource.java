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

  /**
   * The commit's kernel version and boot checksum, when the store can tell them without a checkout
   * (so a deploy can hash the kernel while it checks the tree out). Empty: hash after the checkout.
   */
  default Optional<KernelId> kernel(String checksum) throws IOException {
    return Optional.empty();
  }

  /** A kernel as a commit holds it: {@code usr/lib/modules/VERSION/vmlinuz} and its boot checksum. */
  record KernelId(String version, String bootcsum) {}
}
