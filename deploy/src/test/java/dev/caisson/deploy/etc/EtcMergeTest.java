package dev.caisson.deploy.etc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcMergeTest {
  @TempDir Path tmp;
  Path oldDefaults;
  Path oldEtc;
  Path newDefaults;
  Path newEtc;
  final EtcMerge merge = new EtcMerge();

  @BeforeEach
  void trees() throws IOException {
    oldDefaults = Files.createDirectories(tmp.resolve("old/usr/etc"));
    newDefaults = Files.createDirectories(tmp.resolve("new/usr/etc"));
    oldEtc = tmp.resolve("old/etc");
    newEtc = tmp.resolve("new/etc");
  }

  private static void write(Path root, String rel, String text) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  /** The old /etc starts as a copy of the old defaults, as a fresh deployment's does. */
  private void deployOld() throws IOException {
    TreeCopy.copy(oldDefaults, oldEtc);
  }

  private String read(String rel) throws IOException {
    return Files.readString(newEtc.resolve(rel));
  }

  @Test
  void localEditsWinAndUntouchedFilesFollowTheNewDefaults() throws IOException {
    write(oldDefaults, "motd", "old motd\n");
    write(oldDefaults, "issue", "old issue\n");
    deployOld();
    write(oldEtc, "motd", "admin's motd\n");
    write(newDefaults, "motd", "new motd\n");
    write(newDefaults, "issue", "new issue\n");

    var changes = merge.merge(oldDefaults, oldEtc, newDefaults, newEtc);

    assertThat(read("motd")).isEqualTo("admin's motd\n");
    assertThat(read("issue")).isEqualTo("new issue\n");
    assertThat(changes).containsExactly(new EtcChange(EtcChange.Kind.MODIFIED, Path.of("motd")));
  }

  @Test
  void addedFilesAreKeptAndRemovedFilesStayRemoved() throws IOException {
    write(oldDefaults, "gone.conf", "x\n");
    write(oldDefaults, "keep.conf", "k\n");
    deployOld();
    Files.delete(oldEtc.resolve("gone.conf"));
    write(oldEtc, "local.d/mine.conf", "mine\n");
    write(newDefaults, "gone.conf", "y\n");
    write(newDefaults, "keep.conf", "k2\n");
    write(newDefaults, "fresh.conf", "new upstream file\n");

    merge.merge(oldDefaults, oldEtc, newDefaults, newEtc);

    assertThat(newEtc.resolve("gone.conf")).doesNotExist();
    assertThat(read("local.d/mine.conf")).isEqualTo("mine\n");
    assertThat(read("keep.conf")).isEqualTo("k2\n");
    assertThat(read("fresh.conf")).isEqualTo("new upstream file\n");
  }

  @Test
  void fileReplacedByDirectoryAndDirectoryByFile() throws IOException {
    write(oldDefaults, "a", "file a\n");
    write(oldDefaults, "b/inner", "inner\n");
    deployOld();
    Files.delete(oldEtc.resolve("a"));
    write(oldEtc, "a/now-a-dir", "d\n");
    Files.delete(oldEtc.resolve("b/inner"));
    Files.delete(oldEtc.resolve("b"));
    write(oldEtc, "b", "now a file\n");
    write(newDefaults, "a", "file a v2\n");
    write(newDefaults, "b/inner", "inner v2\n");
    write(newDefaults, "b/other", "other\n");

    merge.merge(oldDefaults, oldEtc, newDefaults, newEtc);

    assertThat(newEtc.resolve("a")).isDirectory();
    assertThat(read("a/now-a-dir")).isEqualTo("d\n");
    assertThat(newEtc.resolve("b")).isRegularFile();
    assertThat(read("b")).isEqualTo("now a file\n");
  }

  @Test
  void symlinksAreComparedByTarget() throws IOException {
    Files.createSymbolicLink(oldDefaults.resolve("localtime"), Path.of("../usr/share/zoneinfo/UTC"));
    Files.createSymbolicLink(oldDefaults.resolve("resolv.conf"), Path.of("../run/resolv.conf"));
    deployOld();
    Files.delete(oldEtc.resolve("localtime"));
    Files.createSymbolicLink(oldEtc.resolve("localtime"), Path.of("../usr/share/zoneinfo/Europe/Paris"));
    Files.createSymbolicLink(newDefaults.resolve("localtime"), Path.of("../usr/share/zoneinfo/Etc/UTC"));
    Files.createSymbolicLink(newDefaults.resolve("resolv.conf"), Path.of("../run/systemd/resolve/stub-resolv.conf"));

    merge.merge(oldDefaults, oldEtc, newDefaults, newEtc);

    assertThat(Files.readSymbolicLink(newEtc.resolve("localtime")))
        .isEqualTo(Path.of("../usr/share/zoneinfo/Europe/Paris"));
    assertThat(Files.readSymbolicLink(newEtc.resolve("resolv.conf")))
        .isEqualTo(Path.of("../run/systemd/resolve/stub-resolv.conf"));
  }

  @Test
  void modeAndOwnerChangesAreLocalChanges() throws IOException {
    write(oldDefaults, "secret.conf", "s\n");
    write(oldDefaults, "owned.conf", "o\n");
    Files.createDirectories(oldDefaults.resolve("private"));
    deployOld();
    Files.setAttribute(oldEtc.resolve("secret.conf"), "unix:mode", 0600);
    Files.setAttribute(oldEtc.resolve("owned.conf"), "unix:gid", 1234);
    Files.setAttribute(oldEtc.resolve("private"), "unix:mode", 0700);
    write(newDefaults, "secret.conf", "s\n");
    write(newDefaults, "owned.conf", "o2\n");
    Files.createDirectories(newDefaults.resolve("private"));

    var changes = merge.merge(oldDefaults, oldEtc, newDefaults, newEtc);

    assertThat(mode(newEtc.resolve("secret.conf"))).isEqualTo(0600);
    assertThat(Files.getAttribute(newEtc.resolve("owned.conf"), "unix:gid")).isEqualTo(1234);
    assertThat(read("owned.conf")).isEqualTo("o\n");
    assertThat(mode(newEtc.resolve("private"))).isEqualTo(0700);
    assertThat(changes).extracting(EtcChange::kind)
        .containsExactlyInAnyOrder(EtcChange.Kind.MODIFIED, EtcChange.Kind.MODIFIED, EtcChange.Kind.METADATA);
  }

  @Test
  void addedFileUnderADirectoryUpstreamRemovedKeepsItsParents() throws IOException {
    Files.createDirectories(oldDefaults.resolve("app"));
    deployOld();
    Files.setAttribute(oldEtc.resolve("app"), "unix:mode", 0750);
    write(oldEtc, "app/local.conf", "l\n");

    merge.merge(oldDefaults, oldEtc, newDefaults, newEtc);

    assertThat(read("app/local.conf")).isEqualTo("l\n");
    assertThat(mode(newEtc.resolve("app"))).isEqualTo(0750);
  }

  private static int mode(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }
}
