package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit stat cache ({@code REPO/caisson/statcache}): an unchanged file is not read again, a
 * changed one always is, and commits with and without the cache are ostree's, byte for byte.
 */
class StatCacheTest {
  /** The tests' files are seconds old at most: let the cache record them anyway. */
  private static final long TRUST_ALL = -3_600_000_000_000L;

  @TempDir Path tmp;
  Path tree;
  int regularFiles;

  @BeforeEach
  void makeTree() throws Exception {
    tree = TestTrees.varied(Files.createDirectories(tmp.resolve("tree")));
    Files.createLink(tree.resolve("usr/bin/tool-again"), tree.resolve("usr/bin/tool"));
    Path many = Files.createDirectories(tree.resolve("many"));
    for (int i = 0; i < 50; i++) {
      Files.writeString(many.resolve("f" + i), "file " + i);
    }
    regularFiles = 6 + 50; // tool, su, owned, empty, xattr, tool-again
  }

  private static CommitWriter.Options opts(String branch, long ts) {
    return new CommitWriter.Options(Optional.of(branch), "", "", Optional.empty(), Optional.of(ts), List.of(), true,
        Optional.empty(), Optional.empty(), false);
  }

  private CommitWriter writer(Repo repo) {
    return new CommitWriter(repo, StoreListener.SILENT).withStatCacheRacyWindow(TRUST_ALL);
  }

  private String theirs(String repoName, String... args) throws Exception {
    Path repo = tmp.resolve(repoName);
    if (!Files.exists(repo)) {
      Ostree.run("init", "--repo=" + repo, "--mode=bare-user");
    }
    var all = new java.util.ArrayList<String>(List.of("commit", "--tree=dir=" + tree));
    all.addAll(List.of(args));
    return Ostree.repo(repo, all.toArray(String[]::new)).strip();
  }

  /** The same tree committed in a new repository, without a cache. */
  private String uncached(CommitWriter.Options o) throws Exception {
    Path p = tmp.resolve("uncached-" + System.nanoTime());
    return new CommitWriter(Repo.init(p, RepoMode.BARE_USER), StoreListener.SILENT).withStatCache(false)
        .commit(tree, o).name();
  }

  @Test
  void anUnchangedTreeIsNotReadAgainAndGivesOstreesCommit() throws Exception {
    Repo repo = Repo.init(tmp.resolve("ours"), RepoMode.BARE_USER);
    CommitWriter w = writer(repo);
    String first = w.commit(tree, opts("a", 1704067200L)).name();
    assertThat(w.statCacheHits()).isZero();
    assertThat(repo.path().resolve(StatCache.FILE)).isRegularFile();
    String second = w.commit(tree, opts("b", 1704067200L)).name();
    assertThat(w.statCacheHits()).isEqualTo(regularFiles);

    assertThat(first).isEqualTo(theirs("theirs", "-b", "a", "--timestamp=2024-01-01T00:00:00Z"));
    assertThat(second).isEqualTo(theirs("theirs", "-b", "b", "--timestamp=2024-01-01T00:00:00Z"));
    assertThat(uncached(opts("b", 1704067200L))).isEqualTo(second);
    assertThat(Ostree.repo(repo.path(), "fsck")).contains("no errors found");
  }

  @Test
  void aFileChangedWithItsSizeAndMtimeKeptIsHashedAgainThroughItsCtime() throws Exception {
    Repo repo = Repo.init(tmp.resolve("ours"), RepoMode.BARE_USER);
    CommitWriter w = writer(repo);
    w.commit(tree, opts("a", 1704067200L));
    Path f = tree.resolve("many/f7");
    var before = Files.readAttributes(f, "unix:size,lastModifiedTime,ctime", LinkOption.NOFOLLOW_LINKS);
    Files.writeString(f, "FILE 7"); // same length
    Files.setLastModifiedTime(f, (FileTime) before.get("lastModifiedTime")); // as touch -d does
    var after = Files.readAttributes(f, "unix:size,lastModifiedTime,ctime", LinkOption.NOFOLLOW_LINKS);
    assertThat(after.get("size")).isEqualTo(before.get("size"));
    assertThat(after.get("lastModifiedTime")).isEqualTo(before.get("lastModifiedTime"));
    assertThat(after.get("ctime")).isNotEqualTo(before.get("ctime"));

    String changed = w.commit(tree, opts("b", 1704067200L)).name();
    assertThat(w.statCacheHits()).isEqualTo(regularFiles - 1);
    assertThat(changed).isEqualTo(uncached(opts("b", 1704067200L)))
        .isEqualTo(theirs("theirs", "-b", "b", "--timestamp=2024-01-01T00:00:00Z"));
  }

  @Test
  void aChmodOrANewXattrIsSeenThroughTheCtime() throws Exception {
    Repo repo = Repo.init(tmp.resolve("ours"), RepoMode.BARE_USER);
    CommitWriter w = writer(repo);
    w.commit(tree, opts("a", 1704067200L));
    Files.getFileAttributeView(tree.resolve("many/f1"), UserDefinedFileAttributeView.class)
        .write("new", ByteBuffer.wrap("x".getBytes(StandardCharsets.UTF_8)));
    Files.setAttribute(tree.resolve("many/f2"), "unix:mode", 0600);
    String changed = w.commit(tree, opts("b", 1704067200L)).name();
    assertThat(w.statCacheHits()).isEqualTo(regularFiles - 2);
    assertThat(changed).isEqualTo(uncached(opts("b", 1704067200L)));
  }

  @Test
  void optionsThatChangeTheObjectsBypassTheCache() throws Exception {
    Repo repo = Repo.init(tmp.resolve("ours"), RepoMode.BARE_USER);
    CommitWriter w = writer(repo);
    w.commit(tree, opts("a", 1704067200L));
    var owner = new CommitWriter.Options(Optional.of("o"), "", "", Optional.empty(), Optional.of(1704067200L),
        List.of(), true, Optional.of(1234), Optional.of(5678), false);
    String oursOwner = w.commit(tree, owner).name();
    assertThat(w.statCacheHits()).isZero();
    var canonical = new CommitWriter.Options(Optional.of("c"), "", "", Optional.empty(), Optional.of(1704067200L),
        List.of(), true, Optional.empty(), Optional.empty(), true);
    String oursCanonical = w.commit(tree, canonical).name();
    assertThat(w.statCacheHits()).isZero();
    String again = w.commit(tree, canonical).name();
    assertThat(w.statCacheHits()).isEqualTo(regularFiles);

    assertThat(oursOwner).isEqualTo(theirs("theirs", "-b", "o", "--timestamp=2024-01-01T00:00:00Z",
        "--owner-uid=1234", "--owner-gid=5678"));
    assertThat(oursCanonical).isEqualTo(theirs("theirs", "-b", "c", "--timestamp=2024-01-01T00:00:00Z",
        "--canonical-permissions"));
    assertThat(again).isNotEqualTo(oursCanonical); // the second has the first as parent
    assertThat(Commit.read(repo, ObjectId.fromString(again)).rootTree())
        .isEqualTo(Commit.read(repo, ObjectId.fromString(oursCanonical)).rootTree());
  }

  @Test
  void aDamagedCacheIsIgnoredAndRebuilt() throws Exception {
    Repo repo = Repo.init(tmp.resolve("ours"), RepoMode.BARE_USER);
    CommitWriter w = writer(repo);
    String expected = w.commit(tree, opts("a", 1704067200L)).name();
    Path cache = repo.path().resolve(StatCache.FILE);
    byte[] good = Files.readAllBytes(cache);

    // a flipped bit in an entry's checksum: were it trusted, the commit would name another object
    byte[] flipped = good.clone();
    flipped[flipped.length - 10] ^= 1;
    Files.write(cache, flipped);
    assertThat(w.commit(tree, opts("a2", 1704067200L)).name()).isEqualTo(uncached(opts("a2", 1704067200L)));
    assertThat(w.statCacheHits()).isZero();
    assertThat(Files.readAllBytes(cache)).hasSameSizeAs(good);

    Files.write(cache, java.util.Arrays.copyOf(good, good.length / 2));
    w.commit(tree, opts("a3", 1704067200L));
    assertThat(w.statCacheHits()).isZero();
    Files.write(cache, "not a cache".getBytes(StandardCharsets.UTF_8));
    w.commit(tree, opts("a4", 1704067200L));
    assertThat(w.statCacheHits()).isZero();

    String rebuilt = w.commit(tree, opts("a5", 1704067200L)).name();
    assertThat(w.statCacheHits()).isEqualTo(regularFiles);
    assertThat(Commit.read(repo, ObjectId.fromString(rebuilt)).rootTree())
        .isEqualTo(Commit.read(repo, ObjectId.fromString(expected)).rootTree());
  }

  @Test
  void anEntryIsTrustedOnlyWhileItsObjectIsInTheRepository() throws Exception {
    Repo repo = Repo.init(tmp.resolve("ours"), RepoMode.BARE_USER);
    CommitWriter w = writer(repo);
    w.commit(tree, opts("a", 1704067200L));
    ObjectId id = Commit.tree(repo, Commit.tree(repo, Commit.read(repo, repo.ref("a").orElseThrow()).rootTree())
        .dirs().get("many").tree()).files().get("f3");
    Files.delete(repo.objectPath(id, ObjectType.FILE));
    w.commit(tree, opts("b", 1704067200L));
    assertThat(w.statCacheHits()).isEqualTo(regularFiles - 1);
    assertThat(Content.verify(repo, id)).isTrue();
  }

  @Test
  void filesChangedAroundTheCommitsStartAreNotRecorded() throws Exception {
    Repo repo = Repo.init(tmp.resolve("ours"), RepoMode.BARE_USER);
    // with the default window (2 s), a file whose mtime is in the future is not recorded
    Path future = tree.resolve("many/f9");
    Files.setLastModifiedTime(future, FileTime.fromMillis(System.currentTimeMillis() + 3_600_000));
    CommitWriter w = writer(repo).withStatCacheRacyWindow(StatCache.RACY_WINDOW_NS);
    w.commit(tree, opts("a", 1704067200L));
    w.commit(tree, opts("b", 1704067200L));
    assertThat(w.statCacheHits()).isLessThan(regularFiles);
    // a window of an hour: every file of this tree changed within it, none is recorded
    Repo other = Repo.init(tmp.resolve("other"), RepoMode.BARE_USER);
    CommitWriter hour = writer(other).withStatCacheRacyWindow(3_600_000_000_000L);
    hour.commit(tree, opts("a", 1704067200L));
    hour.commit(tree, opts("b", 1704067200L));
    assertThat(hour.statCacheHits()).isZero();
  }

  @Test
  void archiveCommitsUseItToo() throws Exception {
    Repo repo = Repo.init(tmp.resolve("ours-archive"), RepoMode.ARCHIVE);
    CommitWriter w = writer(repo);
    w.commit(tree, opts("a", 1704067200L));
    String second = w.commit(tree, opts("b", 1704067200L)).name();
    assertThat(w.statCacheHits()).isEqualTo(regularFiles);
    theirs("theirs", "-b", "a", "--timestamp=2024-01-01T00:00:00Z");
    assertThat(second).isEqualTo(theirs("theirs", "-b", "b", "--timestamp=2024-01-01T00:00:00Z"));
    assertThat(Ostree.repo(repo.path(), "fsck")).contains("no errors found");
  }
}
