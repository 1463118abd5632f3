package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fsck finds a flipped byte in each kind of object, in both storage families; the real ostree agrees. */
class FsckTest {
  @TempDir Path tmp;

  private static void flip(Path p, long at) throws Exception {
    p.toFile().setWritable(true);
    try (var f = new RandomAccessFile(p.toFile(), "rw")) {
      f.seek(Math.min(at, f.length() - 1));
      int b = f.read();
      f.seek(Math.min(at, f.length() - 1));
      f.write(b ^ 0x01);
    }
  }

  @Test
  void findsCorruptedContentAndMetadata() throws Exception {
    Path tree = Files.createDirectories(tmp.resolve("tree/etc"));
    Files.writeString(tree.resolve("motd"), "hello world, this is a file\n");
    for (RepoMode mode : new RepoMode[] {RepoMode.ARCHIVE, RepoMode.BARE_USER}) {
      Repo repo = Repo.init(tmp.resolve("repo-" + mode), mode);
      ObjectId c = new CommitWriter(repo, StoreListener.SILENT).commit(tmp.resolve("tree"), CommitWriter.Options.of("t"));
      assertThat(new Fsck(repo, StoreListener.SILENT).run().ok()).isTrue();

      ObjectId file = Commit.tree(repo, Commit.tree(repo, Commit.read(repo, c).rootTree()).dirs().get("etc").tree())
          .files().get("motd");
      Path object = repo.objectPath(file, ObjectType.FILE);
      flip(object, Files.size(object) - 3);
      Fsck.Result r = new Fsck(repo, StoreListener.SILENT).run();
      assertThat(r.ok()).as(mode.name()).isFalse();
      assertThat(r.problems()).anyMatch(p -> p.contains(file.name()));
      assertThat(exitOfOstreeFsck(repo.path())).isNotZero();
    }
  }

  @Test
  void findsACorruptedDirtree() throws Exception {
    Path tree = Files.createDirectories(tmp.resolve("tree2/a"));
    Files.writeString(tree.resolve("f"), "x");
    Repo repo = Repo.init(tmp.resolve("r"), RepoMode.ARCHIVE);
    ObjectId c = new CommitWriter(repo, StoreListener.SILENT).commit(tmp.resolve("tree2"), CommitWriter.Options.of("t"));
    flip(repo.objectPath(Commit.read(repo, c).rootTree(), ObjectType.DIR_TREE), 0);
    assertThat(new Fsck(repo, StoreListener.SILENT).run().problems()).anyMatch(p -> p.contains("corrupted dirtree"));
  }

  private static int exitOfOstreeFsck(Path repo) throws Exception {
    Process p = new ProcessBuilder("ostree", "fsck", "--repo=" + repo).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }

  /** An object fsck cannot read says why, not only its path (the JDK's exceptions' message is the path). */
  @Test
  void unreadableObjectsSayWhy() {
    assertThat(Fsck.reason(new java.nio.file.AccessDeniedException("/r/objects/aa/b.file")))
        .isEqualTo("/r/objects/aa/b.file: permission denied (fsck reads every object: run it as the repository's owner)");
    assertThat(Fsck.reason(new java.nio.file.NoSuchFileException("/r/objects/aa/b.file")))
        .isEqualTo("/r/objects/aa/b.file: missing");
    assertThat(Fsck.reason(new java.nio.file.FileSystemException("/r/x", null, "Input/output error")))
        .isEqualTo("/r/x: Input/output error");
    assertThat(Fsck.reason(new StoreException("bad header"))).isEqualTo("bad header");
  }
}
