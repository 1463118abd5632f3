package dev.caisson.store.transport;

import dev.caisson.store.Fsck;
import dev.caisson.store.ObjectId;
import dev.caisson.store.Repo;
import dev.caisson.store.StoreException;
import dev.caisson.store.StoreListener;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code fsck --repair}: removes the missing or corrupted objects fsck found and fetches them again
 * from the remote each commit came from (the remote whose ref points at it, or the only remote),
 * verified as any pull is; then checks those commits again.
 */
public final class Repairer {
  private final Repo repo;
  private final StoreListener listener;

  public Repairer(Repo repo, StoreListener listener) {
    this.repo = repo;
    this.listener = listener;
  }

  /** Repairs what {@code found} lists; {@code remote} forces the remote to fetch from. Returns the new fsck. */
  public Fsck.Result repair(Fsck.Result found, Optional<String> remote) throws IOException {
    var byCommit = new LinkedHashMap<ObjectId, List<Fsck.Bad>>();
    for (Fsck.Bad b : found.bad()) {
      byCommit.computeIfAbsent(b.commit(), k -> new ArrayList<>()).add(b);
    }
    var remotes = new Remotes(repo);
    for (var e : byCommit.entrySet()) {
      ObjectId commit = e.getKey();
      String name = remote.isPresent() ? remote.get() : originOf(commit, remotes);
      for (Fsck.Bad b : e.getValue()) {
        Files.deleteIfExists(repo.objectPath(b.id(), b.type())); // corrupt: never worth keeping
      }
      Path partial = repo.path().resolve("state").resolve(commit.name() + ".commitpartial");
      Files.createDirectories(partial.getParent());
      Files.write(partial, new byte[0]);
      Map<String, String> config = remotes.list().getOrDefault(name, Map.of());
      new Puller(repo, URI.create(remotes.url(name)), listener, Puller.Verification.of(repo, name, config))
          .pull(commit.name(), Optional.empty());
    }
    return new Fsck(repo, listener).run(new ArrayList<>(byCommit.keySet()));
  }

  private String originOf(ObjectId commit, Remotes remotes) throws IOException {
    for (var ref : repo.refs().entrySet()) {
      int colon = ref.getKey().indexOf(':');
      if (colon > 0 && ref.getValue().equals(commit)) {
        return ref.getKey().substring(0, colon);
      }
    }
    var all = remotes.list().keySet();
    if (all.size() == 1) {
      return all.iterator().next();
    }
    throw new StoreException("cannot tell which remote commit " + commit + " came from ("
        + (all.isEmpty() ? "no remotes are configured" : "remotes: " + String.join(", ", all))
        + "); name one with --remote");
  }
}
