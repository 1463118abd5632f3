package dev.caisson.server;

import dev.caisson.store.CommitWriter;
import dev.caisson.store.Repo;
import dev.caisson.store.RepoMode;
import dev.caisson.store.StoreListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A build-side archive repository where tests commit small OS trees, one per version. */
final class SourceRepo {
  final Path path;
  private final Repo repo;

  SourceRepo(Path path) throws IOException {
    this.path = path;
    this.repo = Repo.init(path, RepoMode.ARCHIVE);
  }

  /** Commits a tree whose {@code usr/lib/os-release} names {@code version}, on branch {@code os/x86_64}. */
  String commit(String version) throws IOException {
    Path tree = Files.createTempDirectory("tree");
    Files.createDirectories(tree.resolve("usr/lib"));
    Files.writeString(tree.resolve("usr/lib/os-release"), "VERSION_ID=" + version + "\n");
    Files.writeString(tree.resolve("usr/lib/payload"), "x".repeat(5000) + version);
    return new CommitWriter(repo, StoreListener.SILENT).commit(tree, CommitWriter.Options.of("os/x86_64")).name();
  }

  /** The publish body for {@code version}, with extra JSON fields appended. */
  String publish(String stream, String version, String extra) {
    return "{\"stream\":\"" + stream + "\",\"version\":\"" + version + "\",\"source\":\"" + path
        + "\",\"ref\":\"os/x86_64\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
  }
}
