package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caisson.store.transport.Puller;
import dev.caisson.store.transport.RepoServer;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls over HTTP both ways with the real ostree, and refuses tampered objects. */
class PullTest {
  @TempDir Path tmp;

  private Path tree() throws Exception {
    Path t = Files.createDirectories(tmp.resolve("tree/usr/bin"));
    Files.writeString(t.resolve("tool"), "tool ".repeat(1000));
    Files.setAttribute(t.resolve("tool"), "unix:mode", 0755);
    Files.createSymbolicLink(t.resolve("link"), Path.of("tool"));
    Files.createDirectories(tmp.resolve("tree/etc"));
    Files.writeString(tmp.resolve("tree/etc/motd"), "hello\n");
    return tmp.resolve("tree");
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress("127.0.0.1", 0);
  }

  @Test
  void ostreePullsFromOurServer() throws Exception {
    Repo ours = Repo.init(tmp.resolve("ours"), RepoMode.ARCHIVE);
    ObjectId c = new CommitWriter(ours, StoreListener.SILENT).commit(tree(), CommitWriter.Options.of("os/stable"));
    try (var server = new RepoServer(ours.path(), loopback())) {
      Path theirs = tmp.resolve("theirs");
      Ostree.run("init", "--repo=" + theirs, "--mode=bare-user");
      Ostree.repo(theirs, "remote", "add", "--no-gpg-verify", "origin", server.uri().toString());
      Ostree.repo(theirs, "pull", "origin", "os/stable");
      assertThat(Ostree.repo(theirs, "rev-parse", "origin:os/stable").strip()).isEqualTo(c.name());
      assertThat(Ostree.repo(theirs, "fsck")).contains("no errors found");
    }
  }

  @Test
  void wePullWhatOstreeWroteAndCheckItOut() throws Exception {
    Path theirs = tmp.resolve("theirs");
    Ostree.run("init", "--repo=" + theirs, "--mode=archive");
    String c = Ostree.repo(theirs, "commit", "-b", "os/stable", "--tree=dir=" + tree()).strip();
    try (var server = new RepoServer(theirs, loopback())) {
      for (RepoMode mode : new RepoMode[] {RepoMode.BARE_USER, RepoMode.ARCHIVE}) {
        Repo ours = Repo.init(tmp.resolve("ours-" + mode), mode);
        ObjectId got = new Puller(ours, server.uri(), StoreListener.SILENT).pull("os/stable", Optional.of("o:os/stable"));
        assertThat(got.name()).isEqualTo(c);
        assertThat(ours.resolve("o:os/stable").name()).isEqualTo(c);
        assertThat(new Fsck(ours, StoreListener.SILENT).run().ok()).isTrue();
        assertThat(Files.exists(ours.path().resolve("state/" + c + ".commitpartial"))).isFalse();
        Path out = tmp.resolve("co-" + mode);
        new Checkout(ours, Checkout.Options.user().withCopy(mode)).run(got, out);
        assertThat(CheckoutTest.describe(out, false)).isEqualTo(CheckoutTest.describe(tmp.resolve("tree"), false));
      }
    }
  }

  /** A tree of many small files: a pull of it takes several packs. */
  private Path manyFiles() throws Exception {
    Path t = tree();
    for (int d = 0; d < 5; d++) {
      Path dir = Files.createDirectories(t.resolve("usr/share/d" + d));
      for (int i = 0; i < 120; i++) {
        Files.writeString(dir.resolve("f" + i), "file " + d + "/" + i + "\n".repeat(i));
      }
    }
    return t;
  }

  @Test
  void ourServerAnswersInPacksAndAStaticServerObjectByObject() throws Exception {
    Repo served = Repo.init(tmp.resolve("served"), RepoMode.ARCHIVE);
    ObjectId c = new CommitWriter(served, StoreListener.SILENT).commit(manyFiles(), CommitWriter.Options.of("os"));
    long objects;
    try (var server = new RepoServer(served.path(), loopback())) {
      Repo ours = Repo.init(tmp.resolve("ours"), RepoMode.BARE_USER);
      var puller = new Puller(ours, server.uri(), StoreListener.SILENT);
      assertThat(puller.pull("os", Optional.empty())).isEqualTo(c);
      assertThat(Ostree.repo(ours.path(), "fsck")).contains("no errors found");
      objects = puller.objectRequests();
      assertThat(objects).isGreaterThan(600); // 603 files, 11 dirtrees, their dirmetas
      assertThat(puller.packRequests()).isBetween(6L, 20L);
    }
    try (var server = new StaticServer(served.path(), false)) {
      Repo ours = Repo.init(tmp.resolve("ours-static"), RepoMode.BARE_USER);
      var puller = new Puller(ours, server.uri(), StoreListener.SILENT);
      assertThat(puller.pull("os", Optional.empty())).isEqualTo(c);
      assertThat(Ostree.repo(ours.path(), "fsck")).contains("no errors found");
      // one pack asked for, refused: from then on each object by its GET
      assertThat(server.posts.get()).isEqualTo(1);
      assertThat(server.gets.get()).isGreaterThan((int) objects);
    }
  }

  @Test
  void aPackCutShortIsCompletedObjectByObject() throws Exception {
    Repo served = Repo.init(tmp.resolve("served"), RepoMode.ARCHIVE);
    ObjectId c = new CommitWriter(served, StoreListener.SILENT).commit(manyFiles(), CommitWriter.Options.of("os"));
    try (var server = new StaticServer(served.path(), true)) {
      Repo ours = Repo.init(tmp.resolve("ours"), RepoMode.BARE_USER);
      assertThat(new Puller(ours, server.uri(), StoreListener.SILENT).pull("os", Optional.of("os"))).isEqualTo(c);
      assertThat(new Fsck(ours, StoreListener.SILENT).run().ok()).isTrue();
      assertThat(Ostree.repo(ours.path(), "fsck")).contains("no errors found");
      // every pack broke halfway, so some objects came in packs and the rest by GET
      assertThat(server.posts.get()).isGreaterThan(1);
      assertThat(server.gets.get()).isGreaterThan(300);
    }
  }

  @Test
  void parentsArePulledOnRequest() throws Exception {
    Repo served = Repo.init(tmp.resolve("served"), RepoMode.ARCHIVE);
    var writer = new CommitWriter(served, StoreListener.SILENT);
    var commits = new java.util.ArrayList<ObjectId>();
    Path t = tree();
    for (int i = 0; i < 4; i++) {
      Files.writeString(t.resolve("etc/motd"), "version " + i);
      commits.add(writer.commit(tmp.resolve("tree"), CommitWriter.Options.of("os")));
    }
    try (var server = new RepoServer(served.path(), loopback())) {
      Repo ours = Repo.init(tmp.resolve("ours"), RepoMode.BARE_USER);
      var puller = new Puller(ours, server.uri(), StoreListener.SILENT);
      puller.pull("os", Optional.of("os"));
      assertThat(puller.has(commits.get(2))).isTrue();
      assertThat(ours.has(commits.get(2), ObjectType.COMMIT)).isFalse();
      puller.pull(commits.get(2).name(), Optional.empty());
      assertThat(new Fsck(ours, StoreListener.SILENT).run(List.of(commits.get(2), commits.get(3))).ok()).isTrue();
    }
  }

  @Test
  void aTamperedObjectIsRefusedInAPackOrByItself() throws Exception {
    Repo served = Repo.init(tmp.resolve("served"), RepoMode.ARCHIVE);
    ObjectId c = new CommitWriter(served, StoreListener.SILENT).commit(tree(), CommitWriter.Options.of("os"));
    ObjectId motd = Commit.tree(served, Commit.tree(served, Commit.read(served, c).rootTree()).dirs().get("etc").tree())
        .files().get("motd");
    Path object = served.objectPath(motd, ObjectType.FILE);
    try (var f = new RandomAccessFile(object.toFile(), "rw")) {
      f.seek(f.length() - 2);
      int b = f.read();
      f.seek(f.length() - 2);
      f.write(b ^ 0x10);
    }
    try (var server = new RepoServer(served.path(), loopback()); var plain = new StaticServer(served.path(), false)) {
      for (var uri : List.of(server.uri(), plain.uri())) {
        Repo ours = Repo.init(tmp.resolve("ours-" + uri.getPort()), RepoMode.BARE_USER);
        assertThatThrownBy(() -> new Puller(ours, uri, StoreListener.SILENT).pull("os", Optional.empty()))
            .hasMessageContaining(motd.name()).hasMessageContaining("refusing it");
        assertThat(ours.has(motd, ObjectType.FILE)).isFalse();
        // the commit stays marked incomplete
        assertThat(Files.exists(ours.path().resolve("state/" + c + ".commitpartial"))).isTrue();
      }
    }
  }
}
