package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.store.gvariant.GVariant;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same tree and options give the same commit checksum with ours and with the real ostree. */
class CommitCompatTest {
  @TempDir Path tmp;
  Path tree;

  @BeforeEach
  void makeTree() throws Exception {
    tree = TestTrees.varied(Files.createDirectories(tmp.resolve("tree")));
    Files.createSymbolicLink(tree.resolve("dangling"), Path.of("/nowhere"));
    Files.createDirectories(tree.resolve("emptydir"));
    Files.writeString(tree.resolve("ünïcødé ✓.txt"), "unicode");
    TestTrees.xattr(tree.resolve("xattr"), "b", "2");
    Path big = Files.createDirectories(tree.resolve("big"));
    for (int i = 0; i < 3000; i++) {
      Files.writeString(big.resolve("f" + i), String.valueOf(i % 7));
    }
  }

  private String theirs(String mode, String... args) throws Exception {
    Path repo = tmp.resolve("theirs-" + mode);
    if (!Files.exists(repo)) {
      Ostree.run("init", "--repo=" + repo, "--mode=" + mode);
    }
    var all = new ArrayList<String>(List.of("commit", "--tree=dir=" + tree));
    all.addAll(List.of(args));
    return Ostree.repo(repo, all.toArray(String[]::new)).strip();
  }

  private String ours(RepoMode mode, CommitWriter.Options o) throws Exception {
    Path p = tmp.resolve("ours-" + mode);
    Repo repo = Files.exists(p.resolve("config")) ? Repo.open(p) : Repo.init(p, mode);
    return new CommitWriter(repo, StoreListener.SILENT).commit(tree, o).name();
  }

  @Test
  void sameChecksumWithMetadataAndBindings() throws Exception {
    String expected = theirs("bare-user", "-b", "os/x86_64", "-s", "subject line", "--body", "the body",
        "--timestamp=2024-01-02T03:04:05Z", "--add-metadata-string=version=1.2.3",
        "--add-metadata-string=source=ci", "--add-metadata=flag=true", "--add-metadata=ts=uint64 77",
        "--add-metadata=names=['a', 'b']");
    var meta = List.<Map.Entry<String, GVariant.Variant>>of(
        Map.entry("version", GVariant.Variant.of("s", "1.2.3")),
        Map.entry("source", GVariant.Variant.of("s", "ci")),
        Map.entry("flag", GVariant.Variant.of("b", true)),
        Map.entry("ts", GVariant.Variant.of("t", 77L)),
        Map.entry("names", GVariant.Variant.of("as", List.of("a", "b"))));
    var o = new CommitWriter.Options(Optional.of("os/x86_64"), "subject line", "the body", Optional.empty(),
        Optional.of(1704164645L), meta, true, Optional.empty(), Optional.empty(), false);
    assertThat(ours(RepoMode.BARE_USER, o)).isEqualTo(expected);
    assertThat(ours(RepoMode.ARCHIVE, o)).isEqualTo(expected);
  }

  @Test
  void sameChecksumWithoutBindingsAndWithOwnerOverride() throws Exception {
    String expected = theirs("archive", "--no-bindings", "-b", "b", "--timestamp=2020-01-01T00:00:00Z",
        "--owner-uid=0", "--owner-gid=0");
    var o = new CommitWriter.Options(Optional.of("b"), "", "", Optional.empty(), Optional.of(1577836800L), List.of(),
        false, Optional.of(0), Optional.of(0), false);
    assertThat(ours(RepoMode.ARCHIVE, o)).isEqualTo(expected);
  }

  @Test
  void sameChecksumWithCanonicalPermissions() throws Exception {
    String expected = theirs("bare-user", "--canonical-permissions", "-b", "c", "--timestamp=2021-06-01T00:00:00Z");
    var o = new CommitWriter.Options(Optional.of("c"), "", "", Optional.empty(), Optional.of(1622505600L), List.of(),
        true, Optional.empty(), Optional.empty(), true);
    assertThat(ours(RepoMode.BARE_USER, o)).isEqualTo(expected);
  }

  @Test
  void sameChecksumForBootableCommitsWhateverTheMetadataKeys() throws Exception {
    Files.createDirectories(tree.resolve("usr/lib/modules/6.1.0-9-amd64"));
    Files.writeString(tree.resolve("usr/lib/modules/6.1.0-9-amd64/vmlinuz"), "kernel");
    var random = new java.util.Random(11);
    for (int trial = 0; trial < 12; trial++) {
      int n = trial == 0 ? 0 : random.nextInt(14); // up to 17 keys: the hash table resizes twice
      var args = new ArrayList<String>(List.of("--bootable", "-b", "os/" + trial, "--timestamp=2024-01-01T00:00:00Z"));
      var meta = new ArrayList<Map.Entry<String, GVariant.Variant>>();
      for (int i = 0; i < n; i++) {
        String key = (i == 0 ? "version" : "k" + i + "-" + Integer.toString(random.nextInt(1 << 20), 36));
        args.add("--add-metadata-string=" + key + "=v" + i);
        meta.add(Map.entry(key, GVariant.Variant.of("s", "v" + i)));
      }
      boolean bindings = random.nextBoolean();
      if (!bindings) {
        args.add("--no-bindings");
      }
      String expected = theirs("archive", args.toArray(String[]::new));
      var o = new CommitWriter.Options(Optional.of("os/" + trial), "", "", Optional.empty(), Optional.of(1704067200L),
          meta, bindings, Optional.empty(), Optional.empty(), false).withBootable(true);
      assertThat(ours(RepoMode.ARCHIVE, o)).as("%d keys, bindings %s", n, bindings).isEqualTo(expected);
    }
  }

  @Test
  void sameChecksumWithGeneratedSizes() throws Exception {
    for (String mode : List.of("archive", "bare-user")) {
      String expected = theirs(mode, "--generate-sizes", "-b", "sizes", "--add-metadata-string=version=2",
          "--timestamp=2024-01-01T00:00:00Z");
      var o = new CommitWriter.Options(Optional.of("sizes"), "", "", Optional.empty(), Optional.of(1704067200L),
          List.of(Map.entry("version", GVariant.Variant.of("s", "2"))), true, Optional.empty(), Optional.empty(), false)
          .withGenerateSizes(true);
      assertThat(ours(RepoMode.parse(mode), o)).as(mode).isEqualTo(expected);
    }
  }

  @Test
  void sameChecksumForATreeTakenFromAnotherCommit() throws Exception {
    Path theirs = tmp.resolve("theirs-archive");
    String base = theirs("archive", "-b", "base", "--timestamp=2024-01-01T00:00:00Z");
    String expected = Ostree.repo(theirs, "commit", "--tree=ref=base", "-b", "again", "-s", "retag",
        "--timestamp=2024-02-01T00:00:00Z").strip();
    Repo repo = Repo.open(theirs);
    var o = new CommitWriter.Options(Optional.of("again2"), "retag", "", Optional.empty(), Optional.of(1706745600L),
        List.of(), false, Optional.empty(), Optional.empty(), false);
    // same tree, same metadata but for the binding: compare without bindings on both sides
    String theirsNoBind = Ostree.repo(theirs, "commit", "--tree=ref=base", "-b", "again3", "-s", "retag",
        "--no-bindings", "--timestamp=2024-02-01T00:00:00Z").strip();
    String oursNoBind = new CommitWriter(repo, StoreListener.SILENT).commitTreeOf(ObjectId.fromString(base), o).name();
    assertThat(oursNoBind).isEqualTo(theirsNoBind);
    assertThat(Commit.read(repo, ObjectId.fromString(expected)).rootTree())
        .isEqualTo(Commit.read(repo, ObjectId.fromString(base)).rootTree());
  }

  @Test
  void ostreeFsckPassesOnOurRepos() throws Exception {
    for (RepoMode mode : List.of(RepoMode.BARE_USER, RepoMode.ARCHIVE, RepoMode.BARE_USER_ONLY, RepoMode.BARE)) {
      var o = CommitWriter.Options.of("fsck/test");
      ours(mode, o);
      String fsck = Ostree.repo(tmp.resolve("ours-" + mode), "fsck");
      assertThat(fsck).as(mode.name()).contains("completed successfully - no errors found");
    }
  }
}
