package dev.caisson.agent.fleet;

import dev.caisson.store.CommitWriter;
import dev.caisson.store.Repo;
import dev.caisson.store.RepoMode;
import dev.caisson.store.StoreListener;
import dev.caisson.store.gvariant.GVariant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The build side of the simulation: an archive repository with one small bootable OS tree per version (a
 * kernel, os-release, and a required health check that passes or fails), each on the branch {@code os/VERSION},
 * on the stream {@code stable}.
 */
final class OsBuilds {
  final Path path;
  private final Path work;
  private final Repo repo;
  private final Instant time;

  OsBuilds(Path path, Path work, Instant time) throws IOException {
    this.path = path.toAbsolutePath();
    this.work = work;
    this.time = time;
    this.repo = Repo.init(path, RepoMode.ARCHIVE).withFsync(false);
  }

  /** Commits VERSION on {@code os/VERSION}; returns its checksum. */
  String commit(String version, boolean healthy) throws IOException {
    Path tree = work.resolve("tree-" + version);
    Files.createDirectories(tree.resolve("usr/lib/modules/6.1.0"));
    Files.createDirectories(tree.resolve("usr/etc"));
    Files.writeString(tree.resolve("usr/lib/modules/6.1.0/vmlinuz"), "kernel " + version);
    Files.writeString(tree.resolve("usr/etc/os-release"), "VERSION_ID=" + version + "\n");
    Path check = Files.createDirectories(tree.resolve("usr/lib/caisson/health/required.d")).resolve("10-app.sh");
    Files.writeString(check, "#!/bin/sh\n" + (healthy ? "exit 0" : "echo app does not start; exit 1") + "\n");
    Files.setPosixFilePermissions(check, PosixFilePermissions.fromString("rwxr-xr-x"));
    var o = new CommitWriter.Options(Optional.of("os/" + version), "", "", Optional.empty(),
        Optional.of(time.getEpochSecond()), List.of(Map.entry("version", GVariant.Variant.of("s", version)),
            Map.entry("caisson.stream", GVariant.Variant.of("s", "stable"))), true, Optional.empty(),
        Optional.empty(), false);
    return new CommitWriter(repo, StoreListener.SILENT).commit(tree, o).name();
  }
}
