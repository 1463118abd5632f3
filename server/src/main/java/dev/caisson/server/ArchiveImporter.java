package dev.caisson.server;

import dev.caisson.server.http.CommitImporter;
import dev.caisson.store.Repo;
import dev.caisson.store.StoreListener;
import dev.caisson.store.transport.Puller;
import dev.caisson.store.transport.RepoServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Pulls release commits into the server's archive repository with the store's verified puller. A source that is
 * not an http(s) URL is a local archive repository: it is served on 127.0.0.1 for the length of the pull, so
 * both go through the same verified path. One import at a time.
 */
final class ArchiveImporter implements CommitImporter {
  private final Repo repo;

  ArchiveImporter(Repo repo) {
    this.repo = repo;
  }

  @Override
  public synchronized String importCommit(String source, String refOrCommit, String keepAs) throws IOException {
    if (source.startsWith("http://") || source.startsWith("https://")) {
      return pull(URI.create(source), refOrCommit, keepAs);
    }
    Path local = Path.of(source.startsWith("file://") ? URI.create(source).getPath() : source);
    if (!Files.isDirectory(local.resolve("objects"))) {
      throw new IOException("not a repository: " + source);
    }
    try (var server = new RepoServer(local, new InetSocketAddress("127.0.0.1", 0))) {
      return pull(server.uri(), refOrCommit, keepAs);
    }
  }

  private String pull(URI from, String ref, String keepAs) throws IOException {
    return new Puller(repo, from, StoreListener.SILENT).pull(ref, Optional.of(keepAs)).name();
  }
}
