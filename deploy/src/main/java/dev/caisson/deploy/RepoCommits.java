package dev.caisson.deploy;

import dev.caisson.store.Checkout;
import dev.caisson.store.Commit;
import dev.caisson.store.ObjectId;
import dev.caisson.store.Repo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Commits from the sysroot's own repository ({@code ostree/repo}), checked out with hardlinks. */
public final class RepoCommits implements CommitSource {
  private final Repo repo;

  public RepoCommits(Repo repo) {
    this.repo = repo;
  }

  @Override
  public String resolve(String refOrChecksum) throws IOException {
    return repo.resolve(refOrChecksum).name();
  }

  @Override
  public Optional<String> version(String checksum) throws IOException {
    return Commit.read(repo, ObjectId.fromString(checksum)).string("version");
  }

  @Override
  public void checkout(String checksum, Path dest) throws IOException {
    new Checkout(repo, Checkout.Options.defaults()).run(ObjectId.fromString(checksum), dest);
  }
}
