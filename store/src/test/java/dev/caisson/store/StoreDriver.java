package dev.caisson.store;

import dev.caisson.store.transport.Puller;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** A child-process entry point for the crash test: one commit or one pull, then exit. */
public final class StoreDriver {
  private StoreDriver() {}

  public static void main(String[] args) throws Exception {
    Repo repo = Repo.open(Path.of(args[1]));
    switch (args[0]) {
      case "commit" -> new CommitWriter(repo, StoreListener.SILENT).commit(Path.of(args[2]),
          CommitWriter.Options.of(args[3]));
      case "pull" -> new Puller(repo, URI.create(args[2]), StoreListener.SILENT).pull(args[3], Optional.of("o:" + args[3]));
      default -> throw new IllegalArgumentException(args[0]);
    }
  }
}
