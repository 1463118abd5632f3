package dev.caisson.deploy;

import dev.caisson.store.Checkout;
import dev.caisson.store.Commit;
import dev.caisson.store.Content;
import dev.caisson.store.ObjectId;
import dev.caisson.store.ObjectType;
import dev.caisson.store.Repo;
import dev.caisson.store.RepoMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

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

  /** Hashes the kernel and initramfs objects in place; only plain-content (bare) repositories can. */
  @Override
  public Optional<KernelId> kernel(String checksum) throws IOException {
    if (repo.mode() == RepoMode.ARCHIVE) {
      return Optional.empty();
    }
    Commit commit = Commit.read(repo, ObjectId.fromString(checksum));
    Commit.Tree tree = Commit.tree(repo, commit.rootTree());
    for (String name : List.of("usr", "lib", "modules")) {
      Commit.Dir dir = tree.dirs().get(name);
      if (dir == null) {
        return Optional.empty();
      }
      tree = Commit.tree(repo, dir.tree());
    }
    for (var kver : new TreeMap<>(tree.dirs()).entrySet()) {
      Commit.Tree files = Commit.tree(repo, kver.getValue().tree());
      ObjectId vmlinuz = files.files().get("vmlinuz");
      if (vmlinuz == null || !plain(vmlinuz)) {
        continue;
      }
      var paths = new ArrayList<Path>(List.of(repo.objectPath(vmlinuz, ObjectType.FILE)));
      ObjectId initramfs = files.files().get("initramfs.img");
      if (initramfs != null) {
        if (!plain(initramfs)) {
          return Optional.empty(); // a link: let the checkout resolve it
        }
        paths.add(repo.objectPath(initramfs, ObjectType.FILE));
      }
      return Optional.of(new KernelId(kver.getKey(), BootChecksum.of(paths)));
    }
    return Optional.empty();
  }

  private boolean plain(ObjectId id) throws IOException {
    Content.Loaded loaded = Content.load(repo, id);
    loaded.content().close();
    return !loaded.meta().isSymlink();
  }
}
