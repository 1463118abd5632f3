package dev.caisson.compose;

import dev.caisson.store.RepoMode;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One compose.
 *
 * @param manifest the parsed manifest
 * @param repo the repository to commit to (created when missing, in {@code newRepoMode})
 * @param newRepoMode the mode of a repository compose creates
 * @param cacheDir packages, bootstrapped trees and Java runtimes
 * @param caissonJar Caisson's jar; a {@code lib/} directory beside it is shipped too
 * @param javaHome the JDK whose jlink and jdeps make the runtime
 * @param busybox a static busybox for the initramfs
 * @param timestamp the commit's time and the initramfs entries' mtime; empty: now and 0
 * @param fsync sync every object written (off: one sync of the repository at the end)
 */
public record ComposeRequest(Manifest manifest, Path repo, RepoMode newRepoMode, Path cacheDir, Path caissonJar,
    Path javaHome, Path busybox, Optional<Long> timestamp, boolean fsync) {
  public ComposeRequest {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(newRepoMode, "newRepoMode");
    Objects.requireNonNull(cacheDir, "cacheDir");
    Objects.requireNonNull(caissonJar, "caissonJar");
    Objects.requireNonNull(javaHome, "javaHome");
    Objects.requireNonNull(busybox, "busybox");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
