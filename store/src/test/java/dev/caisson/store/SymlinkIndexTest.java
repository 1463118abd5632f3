package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bare-user symlink index: written by commits and checkouts, trusted only when intact, pruned with its tree. */
class SymlinkIndexTest {
  @TempDir Path tmp;

  private Path tree() throws Exception {
    Path t = Files.createDirectories(tmp.resolve("tree/usr/lib"));
    Files.writeString(t.resolve("libz.so.1.3"), "lib");
    Files.createSymbolicLink(t.resolve("libz.so.1"), Path.of("libz.so.1.3"));
    Files.createSymbolicLink(tmp.resolve("tree/lib"), Path.of("usr/lib"));
    Files.createDirectories(tmp.resolve("tree/etc"));
    Files.createSymbolicLink(tmp.resolve("tree/etc/mtab"), Path.of("../proc/self/mounts"));
    Files.writeString(tmp.resolve("tree/etc/hostname"), "node\n");
    return tmp.resolve("tree");
  }

  /** Checks {@code c} out with {@code -U} into {@code out} and compares the result with {@code expected}. */
  private void checkoutMatches(Repo repo, ObjectId c, String out, Path expected) throws Exception {
    new Checkout(repo, Checkout.Options.user()).run(c, tmp.resolve(out));
    assertThat(CheckoutTest.describe(tmp.resolve(out), false)).isEqualTo(CheckoutTest.describe(expected, false));
  }

  private static Path indexFile(Repo repo, ObjectId c) throws Exception {
    return repo.path().resolve(SymlinkIndex.DIR).resolve(Commit.read(repo, c).rootTree().name());
  }

  @Test
  void aCommitIndexesItsSymlinksWithTheirTargets() throws Exception {
    Repo repo = Repo.init(tmp.resolve("repo"), RepoMode.BARE_USER);
    ObjectId c = new CommitWriter(repo, StoreListener.SILENT).commit(tree(), CommitWriter.Options.of("t"));
    Map<ObjectId, String> index = SymlinkIndex.read(repo, Commit.read(repo, c).rootTree()).orElseThrow();
    assertThat(index.values()).containsExactlyInAnyOrder("libz.so.1.3", "usr/lib", "../proc/self/mounts");
    for (var e : index.entrySet()) { // each one names the symlink's own object
      Content.Loaded l = Content.load(repo, e.getKey());
      l.content().close();
      assertThat(l.meta().isSymlink()).isTrue();
      assertThat(l.meta().symlinkTarget()).isEqualTo(e.getValue());
    }
  }

  @Test
  void otherModesNeedNoIndex() throws Exception {
    Path src = tree();
    for (RepoMode mode : new RepoMode[] {RepoMode.BARE, RepoMode.BARE_USER_ONLY, RepoMode.ARCHIVE}) {
      Repo repo = Repo.init(tmp.resolve("repo-" + mode), mode);
      ObjectId c = new CommitWriter(repo, StoreListener.SILENT).commit(src, CommitWriter.Options.of("t"));
      assertThat(indexFile(repo, c)).as(mode.name()).doesNotExist();
    }
  }

  @Test
  void aCheckoutWithoutIndexReadsTheObjectsAndWritesOne() throws Exception {
    Path src = tree();
    Repo repo = Repo.init(tmp.resolve("repo"), RepoMode.BARE_USER);
    ObjectId c = new CommitWriter(repo, StoreListener.SILENT).commit(src, CommitWriter.Options.of("t"));
    Path index = indexFile(repo, c);
    byte[] written = Files.readAllBytes(index);
    Files.delete(index);
    checkoutMatches(repo, c, "out1", src);
    assertThat(SymlinkIndex.read(repo, Commit.read(repo, c).rootTree()).orElseThrow().values())
        .containsExactlyInAnyOrder("libz.so.1.3", "usr/lib", "../proc/self/mounts");
    assertThat(Files.size(index)).isEqualTo(written.length);
    // and the next checkout, from the index, is the same tree
    checkoutMatches(repo, c, "out2", src);
  }

  @Test
  void aDamagedIndexIsIgnoredAndWrittenAgain() throws Exception {
    Path src = tree();
    Repo repo = Repo.init(tmp.resolve("repo"), RepoMode.BARE_USER);
    ObjectId c = new CommitWriter(repo, StoreListener.SILENT).commit(src, CommitWriter.Options.of("t"));
    Path index = indexFile(repo, c);
    byte[] good = Files.readAllBytes(index);
    byte[] bad = good.clone();
    bad[good.length / 2] ^= 0x20; // in a target: the CRC no longer holds
    Files.write(index, bad);
    assertThat(SymlinkIndex.read(repo, Commit.read(repo, c).rootTree())).isEmpty();
    checkoutMatches(repo, c, "out", src);
    assertThat(SymlinkIndex.read(repo, Commit.read(repo, c).rootTree())).isPresent();
    Files.write(index, java.util.Arrays.copyOf(good, good.length - 7)); // cut short
    assertThat(SymlinkIndex.read(repo, Commit.read(repo, c).rootTree())).isEmpty();
  }

  @Test
  void aRepositoryTheRealOstreeWroteGetsAnIndexAtItsFirstCheckout() throws Exception {
    Path src = tree();
    Path theirs = tmp.resolve("theirs");
    Ostree.run("init", "--repo=" + theirs, "--mode=bare-user");
    ObjectId c = ObjectId.fromString(Ostree.repo(theirs, "commit", "-b", "t", "--tree=dir=" + src).strip());
    Repo repo = Repo.open(theirs);
    assertThat(indexFile(repo, c)).doesNotExist();
    new Checkout(repo, Checkout.Options.user()).run(c, tmp.resolve("out1"));
    assertThat(indexFile(repo, c)).exists();
    new Checkout(repo, Checkout.Options.user()).run(c, tmp.resolve("out2"));
    Path ref = tmp.resolve("ref");
    Ostree.repo(theirs, "checkout", "-U", c.name(), ref.toString());
    assertThat(CheckoutTest.describe(tmp.resolve("out2"), false)).isEqualTo(CheckoutTest.describe(ref, false));
    Ostree.repo(theirs, "fsck"); // the index is invisible to ostree
  }

  @Test
  void pruneDeletesTheIndexOfATreeItDeletes() throws Exception {
    Repo repo = Repo.init(tmp.resolve("repo"), RepoMode.BARE_USER);
    var w = new CommitWriter(repo, StoreListener.SILENT);
    ObjectId first = w.commit(tree(), CommitWriter.Options.of("a"));
    Files.writeString(tmp.resolve("tree/etc/hostname"), "other\n");
    ObjectId second = w.commit(tmp.resolve("tree"), CommitWriter.Options.of("b"));
    Path gone = indexFile(repo, first);
    Path kept = indexFile(repo, second);
    assertThat(gone).exists();
    repo.setRef("a", java.util.Optional.empty());
    new Prune(repo).run(new Prune.Options(true, -1, java.util.Optional.empty(), true));
    assertThat(gone).as("a dry run deletes nothing").exists();
    new Prune(repo).run(new Prune.Options(true, -1, java.util.Optional.empty(), false));
    assertThat(gone).doesNotExist();
    assertThat(kept).exists();
  }
}
