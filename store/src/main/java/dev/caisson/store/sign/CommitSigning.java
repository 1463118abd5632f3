package dev.caisson.store.sign;

import dev.caisson.store.ObjectId;
import dev.caisson.store.ObjectType;
import dev.caisson.store.Repo;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Ed25519 signatures on commits, kept in their detached metadata as {@code ostree sign} keeps them. */
public final class CommitSigning {
  private final Repo repo;

  public CommitSigning(Repo repo) {
    this.repo = repo;
  }

  private Signatures current(ObjectId commit) throws IOException {
    Optional<byte[]> meta = repo.readDetachedMetadata(commit);
    return meta.isPresent() ? Signatures.parse(meta.get()) : Signatures.empty();
  }

  /** Signs {@code commit} with {@code key} (a no-op if that key signed it already). */
  public void sign(ObjectId commit, Ed25519Key key) throws IOException {
    byte[] data = repo.readMetadata(commit, ObjectType.COMMIT);
    repo.writeDetachedMetadata(commit, current(commit).withSignature(data, key).serialize());
  }

  /** Removes {@code key}'s signatures from {@code commit}. */
  public void delete(ObjectId commit, Ed25519Key key) throws IOException {
    byte[] data = repo.readMetadata(commit, ObjectType.COMMIT);
    repo.writeDetachedMetadata(commit, current(commit).without(data, key).serialize());
  }

  /** The first of {@code trusted} that validly signed {@code commit}, if any. */
  public Optional<Ed25519Key> verify(ObjectId commit, List<Ed25519Key> trusted) throws IOException {
    return current(commit).verifiedBy(repo.readMetadata(commit, ObjectType.COMMIT), trusted);
  }
}
