package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code commit --link-checkout-speedup}: a hardlinked checkout is committed from the objects' metadata, unread. */
class LinkCheckoutSpeedupTest {
  @TempDir Path tmp;

  private static final long TS = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();

  private static CommitWriter.Options orphan() {
    return new CommitWriter.Options(Optional.empty(), "", "", Optional.empty(), Optional.of(TS), List.of(), true,
        Optional.empty(), Optional.empty(), false);
  }

  @Test
  void aCheckoutIsCommittedFromTheObjects() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src/usr/bin"));
    for (int i = 0; i < 30; i++) {
      Files.writeString(src.resolve("f" + i), "file " + i + "\n".repeat(i));
    }
    Files.setAttribute(src.resolve("f1"), "unix:mode", 04755);
    Files.setAttribute(src.resolve("f2"), "unix:uid", 1234);
    Files.setAttribute(src.resolve("f2"), "unix:gid", 55);
    Files.getFileAttributeView(src.resolve("f3"), UserDefinedFileAttributeView.class)
        .write("test", ByteBuffer.wrap(new byte[] {9, 8}));
    Files.createSymbolicLink(src.resolve("link"), Path.of("f0"));
    Repo repo = Repo.init(tmp.resolve("repo"), RepoMode.BARE_USER);
    ObjectId c1 = new CommitWriter(repo, StoreListener.SILENT).commit(tmp.resolve("src"), orphan());

    Path co = tmp.resolve("co");
    new Checkout(repo, Checkout.Options.user()).run(c1, co);
    // the checkout's files are the objects (hard links), owned by us, without the recorded xattrs
    assertThat(Files.getAttribute(co.resolve("usr/bin/f2"), "unix:nlink")).isNotEqualTo(1);
    // change one file (breaking its link) and add one, in the checkout and in the source alike
    for (Path root : List.of(co, tmp.resolve("src"))) {
      Path f5 = root.resolve("usr/bin/f5");
      Files.delete(f5);
      Files.writeString(f5, "changed\n");
      Files.writeString(root.resolve("usr/bin/new"), "new\n");
    }

    var writer = new CommitWriter(repo, StoreListener.SILENT).withLinkCheckoutSpeedup(true);
    ObjectId fast = writer.commit(co, orphan());
    assertThat(writer.devinoHits()).isEqualTo(29); // 30 files, one replaced; the symlink is no link
    // the same commit as one made from the source tree itself...
    Repo other = Repo.init(tmp.resolve("other"), RepoMode.BARE_USER);
    assertThat(new CommitWriter(other, StoreListener.SILENT).commit(tmp.resolve("src"), orphan())).isEqualTo(fast);
    // ...and as ostree's own --link-checkout-speedup commit of the checkout
    String theirs = Ostree.repo(repo.path(), "commit", "--orphan", "--link-checkout-speedup",
        "--timestamp=2024-01-01T00:00:00Z", "--tree=dir=" + co).strip();
    assertThat(fast.name()).isEqualTo(theirs);
    // without the cache, the checkout's on-disk owners and modes are what gets committed
    assertThat(new CommitWriter(repo, StoreListener.SILENT).commit(co, orphan())).isNotEqualTo(fast);
  }
}
