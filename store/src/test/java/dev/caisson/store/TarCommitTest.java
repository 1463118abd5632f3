package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code commit --tree=tar=} gives the commit checksum {@code ostree commit --tree=tar=} gives. */
class TarCommitTest {
  @TempDir Path tmp;

  private Path tree() throws Exception {
    Path t = Files.createDirectories(tmp.resolve("t/usr/bin"));
    Files.writeString(t.resolve("tool"), "tool ".repeat(3000));
    Files.setAttribute(t.resolve("tool"), "unix:mode", 04755);
    Files.createLink(t.resolve("same-tool"), t.resolve("tool"));
    Files.createSymbolicLink(t.resolve("link"), Path.of("tool"));
    Files.write(t.resolve("empty"), new byte[0]);
    Path etc = Files.createDirectories(tmp.resolve("t/etc/deep/er"));
    Files.writeString(etc.resolve("conf"), "x=1\n");
    Files.setAttribute(etc.getParent(), "unix:mode", 0700);
    Files.getFileAttributeView(etc.resolve("conf"), UserDefinedFileAttributeView.class)
        .write("test.b", ByteBuffer.wrap(new byte[] {1, 2, 0, 3}));
    Files.getFileAttributeView(etc.resolve("conf"), UserDefinedFileAttributeView.class)
        .write("test.a", ByteBuffer.wrap("v".getBytes()));
    Files.createDirectories(tmp.resolve("t/var/empty"));
    Files.writeString(tmp.resolve("t/ünïcode"), "ü");
    return tmp.resolve("t");
  }

  private Path tar(String name, String... args) throws Exception {
    Path out = tmp.resolve(name);
    var cmd = new ArrayList<>(List.of("tar", "-C", tmp.resolve("t").toString(), "-cf", out.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();
    return out;
  }

  private void sameAsOstree(Path tar, RepoMode mode, String... extra) throws Exception {
    Path theirs = tmp.resolve("theirs-" + tar.getFileName() + mode + extra.length);
    Ostree.run("init", "--repo=" + theirs, "--mode=" + mode.configName());
    var args = new ArrayList<>(List.of("commit", "-b", "os", "--timestamp=2024-01-01T00:00:00Z", "-s", "tar",
        "--tree=tar=" + tar));
    args.addAll(List.of(extra));
    String expected = Ostree.repo(theirs, args.toArray(String[]::new)).strip();
    Repo ours = Repo.init(tmp.resolve("ours-" + tar.getFileName() + mode + extra.length), mode);
    var o = new CommitWriter.Options(Optional.of("os"), "tar", "", Optional.empty(),
        Optional.of(Instant.parse("2024-01-01T00:00:00Z").getEpochSecond()), List.of(), true, Optional.empty(),
        Optional.empty(), false);
    ObjectId got = new CommitWriter(ours, StoreListener.SILENT).commitTar(tar, o, extra.length > 0);
    assertThat(got.name()).as(tar.getFileName() + " " + mode).isEqualTo(expected);
    assertThat(Ostree.repo(ours.path(), "fsck")).contains("no errors found");
  }

  @Test
  void tarAndTarGzGiveOstreesChecksums() throws Exception {
    tree();
    // owners other than 0, xattrs (PAX SCHILY.xattr), a hard link, setuid, a symlink, an empty file and dir
    Path pax = tar("pax.tar", "--format=posix", "--xattrs", "--xattrs-include=user.*", "--owner=1234",
        "--group=55", "--numeric-owner", ".");
    Path gnu = tar("gnu.tar.gz", "-z", "--format=gnu", "--owner=0", "--group=0", "--numeric-owner", ".");
    for (RepoMode mode : new RepoMode[] {RepoMode.BARE_USER, RepoMode.ARCHIVE}) {
      sameAsOstree(pax, mode);
      sameAsOstree(gnu, mode);
    }
    // the xattrs did make it in: the checksum differs from the archive without them
    Path plain = tar("plain.tar", "--format=posix", "--owner=1234", "--group=55", "--numeric-owner", ".");
    Repo r = Repo.init(tmp.resolve("cmp"), RepoMode.ARCHIVE);
    var w = new CommitWriter(r, StoreListener.SILENT);
    var o = CommitWriter.Options.of("x");
    assertThat(Commit.read(r, w.commitTar(pax, o, false)).rootTree())
        .isNotEqualTo(Commit.read(r, w.commitTar(plain, o, false)).rootTree());
  }

  @Test
  void parentsAreCreatedOnlyWhenAsked() throws Exception {
    tree();
    // no ./ entry and no directory entries: only files
    Path files = tar("files.tar", "--no-recursion", "--owner=7", "--group=8", "--numeric-owner", "usr/bin/tool",
        "etc/deep/er/conf", "usr/bin/link");
    sameAsOstree(files, RepoMode.BARE_USER, "--tar-autocreate-parents");
    Repo ours = Repo.init(tmp.resolve("strict"), RepoMode.BARE_USER);
    assertThatThrownBy(() -> new CommitWriter(ours, StoreListener.SILENT).commitTar(files, CommitWriter.Options.of("x"),
        false)).hasMessageContaining("No such file or directory: usr/bin");
  }
}
