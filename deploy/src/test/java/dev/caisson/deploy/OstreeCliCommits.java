package dev.caisson.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** A {@link CommitSource} backed by the real ostree CLI, for tests that precede our own store. */
final class OstreeCliCommits implements CommitSource {
  private final Path repo;

  OstreeCliCommits(Path repo) {
    this.repo = repo;
  }

  private String ostree(String... args) throws IOException {
    var all = new String[args.length + 1];
    all[0] = "--repo=" + repo;
    System.arraycopy(args, 0, all, 1, args.length);
    try {
      return RealOstree.run(repo, all);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public String resolve(String refOrChecksum) throws IOException {
    return ostree("rev-parse", refOrChecksum).strip();
  }

  @Override
  public Optional<String> version(String checksum) throws IOException {
    try {
      String v = ostree("show", "--print-metadata-key=version", checksum).strip();
      return Optional.of(v.replaceAll("^'|'$", ""));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public void checkout(String checksum, Path dest) throws IOException {
    ostree("checkout", checksum, dest.toString());
  }
}
