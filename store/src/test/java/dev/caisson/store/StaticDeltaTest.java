package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caisson.store.delta.DeltaGenerator;
import dev.caisson.store.delta.DeltaName;
import dev.caisson.store.delta.StaticDeltas;
import dev.caisson.store.delta.Superblock;
import dev.caisson.store.transport.Puller;
import dev.caisson.store.transport.RepoServer;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Static deltas against Debian's ostree 2022.7, both ways: apply-offline, pull, summary and indexes. */
class StaticDeltaTest {
  @TempDir Path tmp;

  private final Random random = new Random(42);

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** Version 1, then version 2 of a small tree: a file appended to (rollsum), one edited throughout (bsdiff), new ones. */
  private Path[] trees() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a/usr/bin"));
    Files.write(a.resolve("grow"), bytes(300_000));
    Files.write(a.resolve("edit"), bytes(60_000));
    for (int i = 0; i < 20; i++) {
      Files.write(a.resolve("same" + i), bytes(2_000 + i * 100));
    }
    Files.setAttribute(a.resolve("same1"), "unix:mode", 0755);
    Files.createDirectories(tmp.resolve("a/etc"));
    Files.writeString(tmp.resolve("a/etc/motd"), "one\n");
    Files.createSymbolicLink(tmp.resolve("a/etc/link"), Path.of("motd"));
    Path b = tmp.resolve("b");
    copy(tmp.resolve("a"), b);
    Files.write(b.resolve("usr/bin/grow"), bytes(1000), java.nio.file.StandardOpenOption.APPEND);
    byte[] edit = Files.readAllBytes(b.resolve("usr/bin/edit"));
    for (int i = 0; i < edit.length; i += 700) {
      edit[i] ^= 0x5a;
    }
    Files.write(b.resolve("usr/bin/edit"), edit);
    Files.writeString(b.resolve("etc/motd"), "two\n");
    Files.createDirectories(b.resolve("opt/new"));
    Files.write(b.resolve("opt/new/data"), bytes(50_000));
    Files.createSymbolicLink(b.resolve("opt/new/link2"), Path.of("data"));
    return new Path[] {tmp.resolve("a"), b};
  }

  private static void copy(Path from, Path to) throws Exception {
    Process p = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).inheritIO().start();
    assertThat(p.waitFor()).isZero();
  }

  /** path -> mode and content digest (or symlink target), for comparing trees with binary files. */
  private static java.util.Map<String, String> describe(Path root, boolean owners) throws Exception {
    var out = new java.util.TreeMap<String, String>();
    try (var s = Files.walk(root)) {
      for (Path p : s.toList()) {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        String what = Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
            : Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? "dir"
            : java.util.HexFormat.of().formatHex(Repo.sha256(Files.readAllBytes(p)));
        out.put(root.relativize(p).toString(), (Files.isSymbolicLink(p) ? "" : Integer.toOctalString(mode)) + " " + what);
      }
    }
    return out;
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress("127.0.0.1", 0);
  }

  @Test
  void weApplyDeltasOstreeGenerated() throws Exception {
    Path[] t = trees();
    Path theirs = tmp.resolve("theirs");
    Ostree.run("init", "--repo=" + theirs, "--mode=archive");
    String c1 = Ostree.repo(theirs, "commit", "-b", "os", "--tree=dir=" + t[0]).strip();
    String c2 = Ostree.repo(theirs, "commit", "-b", "os", "--tree=dir=" + t[1]).strip();
    Ostree.repo(theirs, "static-delta", "generate", "--min-fallback-size=0", "--from=" + c1, "--to=" + c2);
    Ostree.repo(theirs, "static-delta", "generate", "--min-fallback-size=0", "--empty", "--to=" + c2);
    String show = Ostree.repo(theirs, "static-delta", "show", c1 + "-" + c2);
    // the delta exercises the copy-from-old-object and bsdiff opcodes, not only whole objects
    assertThat(show).containsPattern("open=[1-9]").containsPattern("setread=[1-9]").containsPattern("bspatch=[1-9]");
    Repo source = Repo.open(theirs);
    assertThat(StaticDeltas.list(source)).extracting(DeltaName::name)
        .containsExactlyInAnyOrder(c1 + "-" + c2, c2);

    for (RepoMode mode : new RepoMode[] {RepoMode.BARE_USER, RepoMode.ARCHIVE}) {
      // from scratch
      Repo ours = Repo.init(tmp.resolve("s-" + mode), mode);
      ObjectId got = StaticDeltas.applyOffline(ours, theirs.resolve(DeltaName.scratch(ObjectId.fromString(c2)).dir()),
          StoreListener.SILENT);
      assertThat(got.name()).isEqualTo(c2);
      assertThat(new Fsck(ours, StoreListener.SILENT).run(java.util.List.of(got)).ok()).isTrue();
      assertThat(Ostree.repo(ours.path(), "fsck")).contains("no errors found");
      // from the first commit
      Repo step = Repo.init(tmp.resolve("f-" + mode), mode);
      new dev.caisson.store.transport.LocalPull(source, step, StoreListener.SILENT).pull(c1);
      StaticDeltas.applyOffline(step, theirs.resolve(DeltaName.of(ObjectId.fromString(c1), ObjectId.fromString(c2))
          .file("superblock")), StoreListener.SILENT);
      assertThat(Ostree.repo(step.path(), "fsck")).contains("no errors found");
      Path out = tmp.resolve("co-" + mode);
      new Checkout(step, Checkout.Options.user().withCopy(mode)).run(ObjectId.fromString(c2), out);
      assertThat(describe(out, false)).isEqualTo(describe(t[1], false));
      assertThat(Files.exists(step.path().resolve("state/" + c2 + ".commitpartial"))).isFalse();
    }
  }

  @Test
  void ostreeAppliesDeltasWeGenerated() throws Exception {
    Path[] t = trees();
    Repo ours = Repo.init(tmp.resolve("ours"), RepoMode.ARCHIVE);
    var writer = new CommitWriter(ours, StoreListener.SILENT);
    ObjectId c1 = writer.commit(t[0], CommitWriter.Options.of("os"));
    ObjectId c2 = writer.commit(t[1], CommitWriter.Options.of("os"));
    var none = new DeltaGenerator.Options(0, 32_000_000L, false, 2);
    new DeltaGenerator(ours, none, StoreListener.SILENT).generate(Optional.of(c1), c2);
    new DeltaGenerator(ours, new DeltaGenerator.Options(0, 32_000_000L, true, 6), StoreListener.SILENT)
        .generate(Optional.empty(), c2);
    assertThat(Ostree.repo(ours.path(), "static-delta", "list")).contains(c1.name() + "-" + c2.name())
        .contains(c2.name());
    // the appended-to file is written from the old object (open, set-read-source, write), not shipped whole
    assertThat(Ostree.repo(ours.path(), "static-delta", "show", c1.name() + "-" + c2.name()))
        .contains("Endianness: little").contains("Number of fallback entries: 0")
        .containsPattern("open=1 ").containsPattern("setread=1 ").contains("bspatch=0");

    Path scratch = tmp.resolve("scratch");
    Ostree.run("init", "--repo=" + scratch, "--mode=bare-user");
    Ostree.repo(scratch, "static-delta", "apply-offline", ours.path().resolve(DeltaName.scratch(c2).dir()).toString());
    assertThat(Ostree.repo(scratch, "fsck")).contains("no errors found");

    Path step = tmp.resolve("step");
    Ostree.run("init", "--repo=" + step, "--mode=bare-user");
    Ostree.repo(step, "pull-local", ours.path().toString(), c1.name());
    Ostree.repo(step, "static-delta", "apply-offline", ours.path().resolve(DeltaName.of(c1, c2).dir()).toString());
    assertThat(Ostree.repo(step, "fsck")).contains("no errors found");
    Path out = tmp.resolve("co");
    Ostree.repo(step, "checkout", "-U", c2.name(), out.toString());
    assertThat(describe(out, false)).isEqualTo(describe(t[1], false));
  }

  @Test
  void summaryAndIndexesAreOstrees() throws Exception {
    Path[] t = trees();
    Path theirs = tmp.resolve("theirs");
    Ostree.run("init", "--repo=" + theirs, "--mode=archive");
    String c1 = Ostree.repo(theirs, "commit", "-b", "os", "--tree=dir=" + t[0]).strip();
    String c2 = Ostree.repo(theirs, "commit", "-b", "os", "--tree=dir=" + t[1]).strip();
    Ostree.repo(theirs, "static-delta", "generate", "--from=" + c1, "--to=" + c2);
    Ostree.repo(theirs, "static-delta", "generate", "--empty", "--to=" + c2);
    Path ours = tmp.resolve("ours");
    copy(theirs, ours);
    Ostree.repo(theirs, "summary", "-u");
    Summary expected = Summary.parse(Files.readAllBytes(theirs.resolve("summary")));
    long when = dev.caisson.store.gvariant.GVariant.be64(
        (Long) expected.metadata().get("ostree.summary.last-modified").value());
    Repo repo = Repo.open(ours);
    Summary mine = Summary.of(repo, Instant.ofEpochSecond(when));
    mine.write(repo, java.util.List.of());
    assertThat(mine.bytes()).isEqualTo(Files.readAllBytes(theirs.resolve("summary")));
    assertThat(mine.deltas()).containsOnlyKeys(c1 + "-" + c2, c2);
    String index = DeltaName.indexPath(ObjectId.fromString(c2));
    assertThat(Files.readAllBytes(ours.resolve(index))).isEqualTo(Files.readAllBytes(theirs.resolve(index)));
  }

  @Test
  void pullAppliesTheDeltaAndFetchesNoObjects() throws Exception {
    Path[] t = trees();
    Repo served = Repo.init(tmp.resolve("served"), RepoMode.ARCHIVE);
    var writer = new CommitWriter(served, StoreListener.SILENT);
    ObjectId c1 = writer.commit(t[0], CommitWriter.Options.of("os"));
    Repo ours = Repo.init(tmp.resolve("ours"), RepoMode.BARE_USER);
    try (var server = new RepoServer(served.path(), loopback())) {
      new Puller(ours, server.uri(), StoreListener.SILENT).pull("os", Optional.of("o:os"));
      ObjectId c2 = writer.commit(t[1], CommitWriter.Options.of("os"));
      // a fallback: files above 100 kB go loose
      Superblock sb = new DeltaGenerator(served, new DeltaGenerator.Options(100_000, 32_000_000L, false, 2),
          StoreListener.SILENT).generate(Optional.of(c1), c2);
      assertThat(sb.fallbacks()).hasSize(1);
      Summary.of(served, Instant.now()).write(served, java.util.List.of());
      var puller = new Puller(ours, server.uri(), StoreListener.SILENT);
      assertThat(puller.pull("os", Optional.of("o:os"))).isEqualTo(c2);
      assertThat(puller.objectRequests()).isEqualTo(sb.fallbacks().size());
      assertThat(new Fsck(ours, StoreListener.SILENT).run(java.util.List.of(c2)).ok()).isTrue();
      assertThat(Files.exists(ours.path().resolve("state/" + c2 + ".commitpartial"))).isFalse();
      Path out = tmp.resolve("co");
      new Checkout(ours, Checkout.Options.user().withCopy(RepoMode.BARE_USER)).run(c2, out);
      assertThat(describe(out, false)).isEqualTo(describe(t[1], false));

      // from scratch, no fallbacks: not one object request
      Repo fresh = Repo.init(tmp.resolve("fresh"), RepoMode.BARE_USER);
      new DeltaGenerator(served, new DeltaGenerator.Options(0, 32_000_000L, false, 2), StoreListener.SILENT)
          .generate(Optional.empty(), c2);
      Summary.of(served, Instant.now()).write(served, java.util.List.of());
      var again = new Puller(fresh, server.uri(), StoreListener.SILENT);
      again.pull("os", Optional.empty());
      assertThat(again.objectRequests()).isZero();
      assertThat(Ostree.repo(fresh.path(), "fsck")).contains("no errors found");

      // and ostree pulls through our deltas, refusing to do without them
      Path theirs = tmp.resolve("theirs");
      Ostree.run("init", "--repo=" + theirs, "--mode=bare-user");
      Ostree.repo(theirs, "remote", "add", "--no-gpg-verify", "origin", server.uri().toString());
      Ostree.repo(theirs, "pull", "--require-static-deltas", "origin", "os");
      assertThat(Ostree.repo(theirs, "rev-parse", "origin:os").strip()).isEqualTo(c2.name());
      assertThat(Ostree.repo(theirs, "fsck")).contains("no errors found");
    }
  }

  @Test
  void weGoThroughOstreesDeltasOnPull() throws Exception {
    Path[] t = trees();
    Path theirs = tmp.resolve("theirs");
    Ostree.run("init", "--repo=" + theirs, "--mode=archive");
    String c1 = Ostree.repo(theirs, "commit", "-b", "os", "--tree=dir=" + t[0]).strip();
    try (var server = new RepoServer(theirs, loopback())) {
      Repo ours = Repo.init(tmp.resolve("ours"), RepoMode.BARE_USER);
      new Puller(ours, server.uri(), StoreListener.SILENT).pull("os", Optional.empty());
      String c2 = Ostree.repo(theirs, "commit", "-b", "os", "--tree=dir=" + t[1]).strip();
      Ostree.repo(theirs, "static-delta", "generate", "--min-fallback-size=0", "--from=" + c1, "--to=" + c2);
      Ostree.repo(theirs, "summary", "-u");
      var puller = new Puller(ours, server.uri(), StoreListener.SILENT);
      assertThat(puller.pull("os", Optional.empty()).name()).isEqualTo(c2);
      assertThat(puller.objectRequests()).isZero();
      assertThat(Ostree.repo(ours.path(), "fsck")).contains("no errors found");
    }
  }

  @Test
  void aCorruptPartIsRefused() throws Exception {
    Path[] t = trees();
    Repo ours = Repo.init(tmp.resolve("ours"), RepoMode.ARCHIVE);
    ObjectId c = new CommitWriter(ours, StoreListener.SILENT).commit(t[0], CommitWriter.Options.of("os"));
    new DeltaGenerator(ours, new DeltaGenerator.Options(0, 32_000_000L, false, 2), StoreListener.SILENT)
        .generate(Optional.empty(), c);
    Path part = ours.path().resolve(DeltaName.scratch(c).file("0"));
    try (var f = new RandomAccessFile(part.toFile(), "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 1);
    }
    Repo target = Repo.init(tmp.resolve("target"), RepoMode.BARE_USER);
    assertThatThrownBy(() -> StaticDeltas.applyOffline(target, ours.path().resolve(DeltaName.scratch(c).dir()),
        StoreListener.SILENT)).hasMessageContaining("does not match its checksum");
    assertThat(Files.exists(target.path().resolve("state/" + c + ".commitpartial"))).isTrue();
  }
}
