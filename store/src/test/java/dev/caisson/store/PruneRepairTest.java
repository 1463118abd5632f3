package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.store.transport.Puller;
import dev.caisson.store.transport.Remotes;
import dev.caisson.store.transport.Repairer;
import dev.caisson.store.transport.RepoServer;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prune against ostree prune on copies of one repository, deployments kept, and fsck --repair. */
class PruneRepairTest {
  @TempDir Path tmp;

  private Path tree(String v) throws Exception {
    Path t = Files.createDirectories(tmp.resolve("tree-" + v + "/usr/lib"));
    Files.writeString(t.resolve("os-release"), "VERSION=" + v + "\n");
    Files.writeString(t.resolve("common"), "same in every version\n");
    Files.createDirectories(t.resolve("v" + v));
    Files.writeString(t.resolve("v" + v + "/only"), v);
    return tmp.resolve("tree-" + v);
  }

  private static TreeSet<String> objects(Path repo) throws Exception {
    try (Stream<Path> s = Files.walk(repo.resolve("objects"))) {
      return s.filter(Files::isRegularFile).map(p -> repo.relativize(p).toString())
          .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }

  private static void copy(Path from, Path to) throws Exception {
    new ProcessBuilder("cp", "-a", from.toString(), to.toString()).inheritIO().start().waitFor();
  }

  @Test
  void pruneKeepsWhatOstreePruneKeeps() throws Exception {
    Path base = tmp.resolve("base");
    Ostree.run("init", "--repo=" + base, "--mode=archive");
    for (String v : List.of("1", "2", "3")) {
      Ostree.repo(base, "commit", "-b", "os", "--tree=dir=" + tree(v));
    }
    Ostree.repo(base, "commit", "-b", "gone", "--tree=dir=" + tree("x"));
    Ostree.repo(base, "refs", "--delete", "gone");
    for (String[] args : List.of(new String[] {"--refs-only"}, new String[] {"--refs-only", "--depth=0"},
        new String[] {"--refs-only", "--depth=1"}, new String[] {})) {
      String name = String.join("", args).replace("-", "");
      Path ours = tmp.resolve("ours" + name);
      Path theirs = tmp.resolve("theirs" + name);
      copy(base, ours);
      copy(base, theirs);
      boolean refsOnly = List.of(args).contains("--refs-only");
      int depth = List.of(args).contains("--depth=0") ? 0 : List.of(args).contains("--depth=1") ? 1 : -1;
      var r = new Prune(Repo.open(ours)).run(new Prune.Options(refsOnly, depth, Optional.empty(), false));
      var all = new java.util.ArrayList<String>(List.of("prune"));
      all.addAll(List.of(args));
      Ostree.repo(theirs, all.toArray(String[]::new));
      assertThat(objects(ours)).as(String.join(" ", args)).isEqualTo(objects(theirs));
      assertThat(r.deleted()).as(String.join(" ", args)).isEqualTo(objects(base).size() - objects(ours).size());
      assertThat(Ostree.repo(ours, "fsck")).contains("no errors found");
    }
  }

  @Test
  void deploymentsAreKeptWithoutRefs() throws Exception {
    Repo repo = Repo.init(tmp.resolve("sysroot/ostree/repo"), RepoMode.BARE_USER);
    var writer = new CommitWriter(repo, StoreListener.SILENT);
    ObjectId deployed = writer.commit(tree("1"), CommitWriter.Options.of("os"));
    ObjectId other = writer.commit(tree("2"), CommitWriter.Options.of("os"));
    repo.setRef("os", Optional.empty());
    Files.createDirectories(tmp.resolve("sysroot/ostree/deploy/caisson/deploy/" + deployed.name() + ".0"));
    var r = new Prune(repo).run(new Prune.Options(true, 0, Optional.empty(), false));
    assertThat(repo.has(deployed, ObjectType.COMMIT)).isTrue();
    assertThat(repo.has(other, ObjectType.COMMIT)).isFalse();
    assertThat(r.deleted()).isPositive();
    assertThat(new Fsck(repo, StoreListener.SILENT).run(List.of(deployed)).ok()).isTrue();
  }

  private static CommitWriter.Options at(String time) {
    var o = CommitWriter.Options.of("os");
    return new CommitWriter.Options(o.branch(), o.subject(), o.body(), o.parent(),
        Optional.of(Instant.parse(time).getEpochSecond()), o.metadata(), o.bindings(), o.ownerUid(), o.ownerGid(),
        o.canonical());
  }

  @Test
  void keepYoungerThanDropsOldHistoryButNotRefs() throws Exception {
    Repo repo = Repo.init(tmp.resolve("r"), RepoMode.ARCHIVE);
    var writer = new CommitWriter(repo, StoreListener.SILENT);
    ObjectId old = writer.commit(tree("1"), at("2020-01-01T00:00:00Z"));
    ObjectId mid = writer.commit(tree("2"), at("2021-01-01T00:00:00Z"));
    ObjectId head = writer.commit(tree("3"), at("2019-01-01T00:00:00Z"));
    new Prune(repo).run(new Prune.Options(true, -1, Optional.of(Instant.parse("2020-06-01T00:00:00Z")), false));
    assertThat(repo.has(head, ObjectType.COMMIT)).as("the ref's own commit, however old").isTrue();
    assertThat(repo.has(mid, ObjectType.COMMIT)).isTrue();
    assertThat(repo.has(old, ObjectType.COMMIT)).isFalse();
  }

  @Test
  void pullLocalCopiesOstreeCommitsBetweenModes() throws Exception {
    Path theirs = tmp.resolve("theirs");
    Ostree.run("init", "--repo=" + theirs, "--mode=bare-user");
    Files.createSymbolicLink(tree("1").resolve("usr/lib/link"), Path.of("os-release"));
    String c = Ostree.repo(theirs, "commit", "-b", "os", "--tree=dir=" + tree("1")).strip();
    for (RepoMode mode : new RepoMode[] {RepoMode.ARCHIVE, RepoMode.BARE_USER}) {
      Repo ours = Repo.init(tmp.resolve("local-" + mode), mode);
      ObjectId got = new dev.caisson.store.transport.LocalPull(Repo.open(theirs), ours, StoreListener.SILENT).pull("os");
      assertThat(got.name()).isEqualTo(c);
      assertThat(ours.resolve("os")).isEqualTo(got);
      assertThat(new Fsck(ours, StoreListener.SILENT).run().ok()).isTrue();
      assertThat(Ostree.repo(ours.path(), "fsck")).contains("no errors found");
    }
  }

  @Test
  void diffPrintsWhatOstreeDiffPrints() throws Exception {
    Path repo = tmp.resolve("diff");
    Ostree.run("init", "--repo=" + repo, "--mode=archive");
    Path t = tree("1");
    Files.createDirectories(t.resolve("gone/deep"));
    Files.writeString(t.resolve("gone/deep/x"), "x");
    Files.writeString(t.resolve("becomes-dir"), "file");
    Files.createDirectories(t.resolve("becomes-file"));
    Files.createDirectories(t.resolve("chmod"));
    String a = Ostree.repo(repo, "commit", "-b", "a", "--tree=dir=" + t).strip();
    Files.writeString(t.resolve("usr/lib/os-release"), "VERSION=2\n");
    new ProcessBuilder("rm", "-rf", t.resolve("gone").toString(), t.resolve("becomes-dir").toString(),
        t.resolve("becomes-file").toString()).start().waitFor();
    Files.createDirectories(t.resolve("becomes-dir"));
    Files.writeString(t.resolve("becomes-file"), "now a file");
    Files.createDirectories(t.resolve("new/dir"));
    Files.writeString(t.resolve("new/dir/y"), "y");
    Files.writeString(t.resolve("usr/lib/added"), "z");
    Files.setAttribute(t.resolve("chmod"), "unix:mode", 0700);
    String b = Ostree.repo(repo, "commit", "-b", "b", "--tree=dir=" + t).strip();
    String expected = Ostree.repo(repo, "diff", a, b);
    var ours = TreeDiff.between(Repo.open(repo), ObjectId.fromString(a), ObjectId.fromString(b));
    assertThat(ours.stream().map(c -> c + "\n").reduce("", String::concat)).isEqualTo(expected);
  }

  @Test
  void repairFetchesCorruptedAndMissingObjectsFromTheOrigin() throws Exception {
    Repo served = Repo.init(tmp.resolve("served"), RepoMode.ARCHIVE);
    ObjectId c = new CommitWriter(served, StoreListener.SILENT).commit(tree("1"), CommitWriter.Options.of("os"));
    try (var server = new RepoServer(served.path(), new InetSocketAddress("127.0.0.1", 0))) {
      Repo ours = Repo.init(tmp.resolve("ours"), RepoMode.BARE_USER);
      new Remotes(ours).add("origin", server.uri().toString(), Map.of("gpg-verify", "false"));
      new Puller(ours, server.uri(), StoreListener.SILENT).pull("os", Optional.of("origin:os"));
      Commit.Tree root = Commit.tree(ours, Commit.read(ours, c).rootTree());
      Commit.Tree usrLib = Commit.tree(ours, Commit.tree(ours, root.dirs().get("usr").tree()).dirs().get("lib").tree());
      ObjectId release = usrLib.files().get("os-release");
      ObjectId vdir = usrLib.dirs().get("v1").tree();
      try (var f = new RandomAccessFile(ours.objectPath(release, ObjectType.FILE).toFile(), "rw")) {
        f.seek(0);
        f.write('X');
      }
      Files.delete(ours.objectPath(vdir, ObjectType.DIR_TREE));

      Fsck.Result broken = new Fsck(ours, StoreListener.SILENT).run();
      assertThat(broken.bad()).extracting(Fsck.Bad::id).containsExactlyInAnyOrder(release, vdir);
      Fsck.Result after = new Repairer(ours, StoreListener.SILENT).repair(broken, Optional.empty());
      assertThat(after.ok()).as(after.problems().toString()).isTrue();
      assertThat(new Fsck(ours, StoreListener.SILENT).run().ok()).isTrue();
      assertThat(Ostree.repo(ours.path(), "fsck")).contains("no errors found");
      Path out = tmp.resolve("co");
      new Checkout(ours, Checkout.Options.user()).run(c, out);
      assertThat(out.resolve("usr/lib/os-release")).hasContent("VERSION=1");
      assertThat(out.resolve("usr/lib/v1/only")).hasContent("1");
    }
  }
}
