package dev.caisson.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.image.vm.ImageRootFs;
import dev.caisson.store.Commit;
import dev.caisson.store.FileMeta;
import dev.caisson.store.ObjectId;
import dev.caisson.store.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, acceptance 2: the image's sysroot passes Debian's {@code ostree fsck} and
 * {@code ostree admin status}, run against the image's root filesystem as debugfs reads it
 * ({@code rdump}, no mount). {@code admin status} runs in a user namespace (FORMATS P1).
 */
class OstreeReadsTheImageTest {
  @TempDir Path tmp;
  final Tools tools = new Tools();

  @Test
  void ostreeFsckAndAdminStatusAcceptTheImagesSysroot() throws Exception {
    Path repo = tmp.resolve("repo");
    ObjectId commit = SmallOs.commit(repo, Files.createDirectories(tmp.resolve("os")), true);
    Path image = tmp.resolve("disk.img");
    new ImageBuilder(tools, ImageListener.SILENT, tmp).build(ImageSpec.of(repo, SmallOs.REF, image)
        .withSize(600L << 20));
    ImageRootFs fs = ImageRootFs.open(tools, image);
    Path dump = Files.createDirectories(tmp.resolve("rdump"));
    tools.run(List.of("debugfs", "-R", "rdump / " + dump, fs.device()));
    restoreSetidBits(fs, dump, Repo.open(repo), commit);

    Tools.Result fsck = tools.exec(Map.of(), List.of("ostree", "fsck", "--repo=" + dump.resolve("ostree/repo")));
    assertThat(fsck.exitCode()).as(fsck.stdout() + fsck.stderr()).isZero();
    assertThat(fsck.stdout()).contains("Verifying content integrity of 1 commit objects");

    Tools.Result status = tools.exec(Map.of(), List.of("unshare", "-U", "--map-user=0", "--map-group=0", "ostree",
        "admin", "status", "--sysroot=" + dump));
    assertThat(status.exitCode()).as(status.stderr()).isZero();
    assertThat(status.stdout()).contains("caisson " + commit.name() + ".0").contains("Version: 1.0")
        .contains("origin refspec: " + SmallOs.REF);
  }

  /**
   * rdump restores modes and then owners, and Linux clears setuid and setgid on chown; the image
   * itself has them. Puts back the bits of the commit's set-id files, as the image's inodes have them.
   */
  private void restoreSetidBits(ImageRootFs fs, Path dump, Repo source, ObjectId commit) throws Exception {
    var setid = new ArrayList<ObjectId>();
    collect(source, Commit.tree(source, Commit.read(source, commit).rootTree()), setid);
    assertThat(setid).as("the test OS has a setgid file").isNotEmpty();
    for (ObjectId id : setid) {
      String rel = "ostree/repo/objects/" + id.name().substring(0, 2) + "/" + id.name().substring(2) + ".file";
      String stat = tools.run(List.of("debugfs", "-R", "stat /" + rel, fs.device()));
      var m = java.util.regex.Pattern.compile("Mode:\\s+(0[0-7]+)").matcher(stat);
      assertThat(m.find()).isTrue();
      Files.setAttribute(dump.resolve(rel), "unix:mode", Integer.parseInt(m.group(1), 8));
    }
  }

  private static void collect(Repo repo, Commit.Tree tree, List<ObjectId> out) throws Exception {
    for (ObjectId f : tree.files().values()) {
      var loaded = dev.caisson.store.Content.load(repo, f);
      loaded.content().close();
      FileMeta meta = loaded.meta();
      if ((meta.mode() & 06000) != 0) {
        out.add(f);
      }
    }
    for (Commit.Dir d : tree.dirs().values()) {
      collect(repo, Commit.tree(repo, d.tree()), out);
    }
  }
}
