package dev.caisson.compose;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An OS manifest ({@code os/caisson.yaml}): what to bootstrap, what to add and remove, and how the
 * commit is named. Paths ({@link #overlays}) are already resolved against the manifest's directory.
 *
 * @param ref the branch the commit moves
 * @param release the Debian suite, {@code bookworm}
 * @param mirrors apt sources in one-line form ({@code deb URI SUITE COMPONENTS}), or bare URIs
 * @param packages packages installed on top of the minbase variant
 * @param overlays directories copied over the tree, in order
 * @param remove globs (relative to the root) deleted after the overlays
 * @param keepModules kernel module paths (under {@code usr/lib/modules/KVER/}) to keep, by prefix; the
 *     others go, except what these depend on. Empty keeps every module.
 * @param initramfsModules modules the initramfs loads, by name (dependencies are added)
 * @param javaModules the jlinked runtime's modules; empty: found with jdeps
 * @param version the commit's {@code version}
 * @param stream the update stream ({@code caisson.stream})
 */
public record Manifest(String ref, String release, List<String> mirrors, List<String> packages, List<Path> overlays,
    List<String> remove, List<String> keepModules, List<String> initramfsModules, List<String> javaModules,
    String version, String stream) {
  public Manifest {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(stream, "stream");
    mirrors = List.copyOf(mirrors);
    packages = List.copyOf(packages);
    overlays = List.copyOf(overlays);
    remove = List.copyOf(remove);
    keepModules = List.copyOf(keepModules);
    initramfsModules = List.copyOf(initramfsModules);
    javaModules = List.copyOf(javaModules);
  }

  /** The same manifest with another version (a rebuild published as a new release). */
  public Manifest withVersion(String v) {
    return new Manifest(ref, release, mirrors, packages, overlays, remove, keepModules, initramfsModules, javaModules,
        v, stream);
  }
}
