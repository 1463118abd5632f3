package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkouts reproduce the committed tree, from our repos and from repos the real ostree wrote. */
class CheckoutTest {
  @TempDir Path tmp;

  private Path tree() throws IOException {
    Path t = Files.createDirectories(tmp.resolve("tree/usr/bin"));
    Files.writeString(t.resolve("tool"), "tool");
    Files.setAttribute(t.resolve("tool"), "unix:mode", 0755);
    Files.writeString(t.resolve("su"), "setuid");
    Files.setAttribute(t.resolve("su"), "unix:mode", 04755);
    Files.createSymbolicLink(t.resolve("link"), Path.of("tool"));
    // beyond a 022 umask, and without owner write: both get their mode after creation
    Files.writeString(t.resolve("shared"), "group-writable");
    Files.setAttribute(t.resolve("shared"), "unix:mode", 0664);
    Files.writeString(t.resolve("ro"), "read-only");
    Files.setAttribute(t.resolve("ro"), "unix:mode", 0444);
    Files.createDirectories(tmp.resolve("tree/var/empty"));
    Files.setAttribute(Files.createDirectories(tmp.resolve("tree/tmp")), "unix:mode", 01777);
    Files.setAttribute(Files.createDirectories(tmp.resolve("tree/var/mail")), "unix:mode", 02775);
    Path owned = tmp.resolve("tree/owned");
    Files.writeString(owned, "x");
    Files.setAttribute(owned, "unix:uid", 42);
    return tmp.resolve("tree");
  }

  /** path -> type, mode, owner, content or target, for comparing trees. */
  static Map<String, String> describe(Path root, boolean owners) throws IOException {
    var out = new TreeMap<String, String>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        var a = Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        String what = Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
            : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : Files.readString(p);
        String perms = Files.isSymbolicLink(p) ? "" : Integer.toOctalString(mode);
        out.put(root.relativize(p).toString(), perms + (owners ? " " + a.get("uid") + ":" + a.get("gid") : "") + " " + what);
      }
    }
    return out;
  }

  @Test
  void roundTripsThroughEveryMode() throws Exception {
    Path src = tree();
    for (RepoMode mode : RepoMode.values()) {
      Repo repo = Repo.init(tmp.resolve("repo-" + mode), mode);
      ObjectId c = new CommitWriter(repo, StoreListener.SILENT).commit(src, CommitWriter.Options.of("t"));
      Path out = tmp.resolve("out-" + mode);
      new Checkout(repo, Checkout.Options.defaults().withCopy(mode)).run(c, out);
      if (mode == RepoMode.BARE_USER_ONLY) {
        assertThat(describe(out, false).get("usr/bin/su")).startsWith("100755");
      } else {
        assertThat(describe(out, true)).as(mode.name()).isEqualTo(describe(src, true));
      }
    }
  }

  /** The mtime of every regular file object in {@code repo}, by object name. */
  private static Map<String, Long> objectMtimes(Path repo) throws IOException {
    var out = new TreeMap<String, Long>();
    try (Stream<Path> s = Files.walk(repo.resolve("objects"))) {
      for (Path p : s.filter(f -> f.toString().endsWith(".file") && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
          .toList()) {
        out.put(p.getParent().getFileName() + "/" + p.getFileName(), Files.getLastModifiedTime(p).toMillis());
      }
    }
    return out;
  }

  /** The permission bits of every object file in {@code repo}, by object name. */
  private static Map<String, Integer> objectModes(Path repo) throws IOException {
    var out = new TreeMap<String, Integer>();
    try (Stream<Path> s = Files.walk(repo.resolve("objects"))) {
      for (Path p : s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
        out.put(p.getParent().getFileName() + "/" + p.getFileName(),
            (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
      }
    }
    return out;
  }

  @Test
  void regularFileObjectsHaveMtimeZeroAsOstreeWritesThem() throws Exception {
    Path src = tree();
    for (RepoMode mode : List.of(RepoMode.BARE_USER, RepoMode.BARE, RepoMode.BARE_USER_ONLY)) {
      Repo repo = Repo.init(tmp.resolve("mt-" + mode), mode);
      // one timestamp for both: the commit objects are compared too (each one's clock once straddled a second)
      var o = CommitWriter.Options.of("t");
      o = new CommitWriter.Options(o.branch(), o.subject(), o.body(), o.parent(), Optional.of(1_700_000_000L),
          o.metadata(), o.bindings(), o.ownerUid(), o.ownerGid(), o.canonical());
      ObjectId c = new CommitWriter(repo, StoreListener.SILENT).commit(src, o);
      Path theirs = tmp.resolve("mt-theirs-" + mode);
      Ostree.run("init", "--repo=" + theirs, "--mode=" + mode.configName());
      Ostree.repo(theirs, "commit", "-b", "t", "--timestamp=2023-11-14T22:13:20Z", "--tree=dir=" + src);
      Map<String, Long> ours = objectMtimes(repo.path());
      assertThat(ours).as(mode.name()).isNotEmpty().isEqualTo(objectMtimes(theirs));
      // file objects and metadata alike, whether their mode was given at creation or after
      assertThat(objectModes(repo.path())).as(mode.name()).isEqualTo(objectModes(theirs))
          .containsValue(mode == RepoMode.BARE_USER ? 0664 : 0644);
      assertThat(ours.values()).as(mode.name()).containsOnly(0L);
      if (mode == RepoMode.BARE_USER) {
        // so a hard-linked checkout shows the same time on every machine
        Path out = tmp.resolve("mt-out");
        new Checkout(repo, Checkout.Options.user()).run(c, out);
        assertThat((Integer) Files.getAttribute(out.resolve("usr/bin/tool"), "unix:nlink")).isEqualTo(2);
        assertThat(Files.getLastModifiedTime(out.resolve("usr/bin/tool")).toMillis()).isZero();
      }
    }
  }

  @Test
  void hardlinksFromABareRepo() throws Exception {
    Repo repo = Repo.init(tmp.resolve("bare"), RepoMode.BARE);
    ObjectId c = new CommitWriter(repo, StoreListener.SILENT).commit(tree(), CommitWriter.Options.of("t"));
    Path out = tmp.resolve("out");
    new Checkout(repo, Checkout.Options.defaults()).run(c, out);
    assertThat((Integer) Files.getAttribute(out.resolve("usr/bin/tool"), "unix:nlink")).isEqualTo(2);
  }

  @Test
  void readsWhatTheRealOstreeWrote() throws Exception {
    Path src = tree();
    // -U everywhere (from a bare repository too: files copied, setuid bits off, directories whole), and -H from bare
    for (String run : new String[] {"archive -U", "bare-user -U", "bare -H", "bare -U"}) {
      String mode = run.split(" ")[0];
      boolean user = run.endsWith("-U");
      Path repoPath = tmp.resolve("theirs-" + mode);
      if (!Files.exists(repoPath)) {
        Ostree.run("init", "--repo=" + repoPath, "--mode=" + mode);
        Ostree.repo(repoPath, "commit", "-b", "t", "--tree=dir=" + src);
      }
      String c = Ostree.repo(repoPath, "rev-parse", "t").strip();
      Repo repo = Repo.open(repoPath);
      assertThat(repo.resolve("t").name()).isEqualTo(c);
      Path ours = tmp.resolve("ours-" + run.replace(' ', '_'));
      new Checkout(repo, user ? Checkout.Options.user() : Checkout.Options.defaults()).run(ObjectId.fromString(c), ours);
      Path theirs = tmp.resolve("theirs-out-" + run.replace(' ', '_'));
      Ostree.repo(repoPath, "checkout", user ? "-U" : "-H", c, theirs.toString());
      assertThat(describe(ours, false)).as(run).isEqualTo(describe(theirs, false));
      assertThat(describe(ours, false).get("tmp")).as(run).startsWith("41777 ");
      int links = (Integer) Files.getAttribute(ours.resolve("usr/bin/tool"), "unix:nlink");
      // copies stand alone; links share the object's inode with ostree's own checkout
      assertThat(links).as(run).isEqualTo(run.equals("archive -U") || run.equals("bare -U") ? 1 : 3);
    }
  }
}
