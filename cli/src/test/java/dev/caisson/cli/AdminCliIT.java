package dev.caisson.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repo and admin verbs end to end through bin/caisson, with the real ostree reading the result. */
class AdminCliIT {
  @TempDir Path tmp;

  private static BinCaissonIT.Run ok(String... args) throws Exception {
    BinCaissonIT.Run r = BinCaissonIT.caisson(args);
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.stderr()).isZero();
    return r;
  }

  private static String ostree(String... args) throws Exception {
    var cmd = new java.util.ArrayList<>(List.of("unshare", "-U", "--map-user=0", "--map-group=0", "ostree"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private Path tree(String version) throws Exception {
    Path t = tmp.resolve("tree-" + version);
    Files.createDirectories(t.resolve("usr/lib/modules/6.1.0"));
    Files.createDirectories(t.resolve("usr/etc"));
    Files.writeString(t.resolve("usr/lib/modules/6.1.0/vmlinuz"), "kernel " + version);
    Files.writeString(t.resolve("usr/lib/os-release"), "PRETTY_NAME=\"Caisson\"\n");
    Files.writeString(t.resolve("usr/etc/motd"), version + "\n");
    return t;
  }

  @Test
  void deployTwiceThenRollback() throws Exception {
    Path sr = tmp.resolve("sysroot");
    ok("admin", "init-fs", sr.toString());
    ok("admin", "os-init", "--sysroot=" + sr, "caisson");
    String repo = "--repo=" + sr.resolve("ostree/repo");
    String a = ok("repo", "commit", repo, "-b", "caisson/stable", "--add-metadata-string=version=1.0",
        "--tree=dir=" + tree("1.0")).stdout().strip();
    ok("admin", "deploy", "--sysroot=" + sr, "--os=caisson", "--karg=root=LABEL=root", "caisson/stable");
    String b = ok("repo", "commit", repo, "-b", "caisson/stable", "--add-metadata-string=version=2.0",
        "--tree=dir=" + tree("2.0")).stdout().strip();
    ok("admin", "deploy", "--sysroot=" + sr, "--os=caisson", "caisson/stable");

    String status = ok("admin", "status", "--sysroot=" + sr).stdout();
    assertThat(status.indexOf(b)).isLessThan(status.indexOf(a)).isNotNegative();
    assertThat(status).contains("Version: 2.0", "Version: 1.0", "(rollback)");
    String theirs = ostree("admin", "status", "--sysroot=" + sr);
    assertThat(theirs.indexOf(b)).isLessThan(theirs.indexOf(a)).isNotNegative();

    ok("admin", "rollback", "--sysroot=" + sr);
    String after = ok("admin", "status", "--sysroot=" + sr, "--json").stdout();
    assertThat(after.indexOf(a)).isLessThan(after.indexOf(b));
    assertThat(ok("repo", "fsck", repo).stdout()).contains("no errors found");
    assertThat(ostree("fsck", repo)).contains("no errors found");
  }

  @Test
  void readsASysrootMadeByOstree() throws Exception {
    Path sr = Files.createDirectories(tmp.resolve("theirs"));
    ostree("admin", "init-fs", sr.toString());
    ostree("admin", "os-init", "--sysroot=" + sr, "caisson");
    String c = ostree("--repo=" + sr.resolve("ostree/repo"), "commit", "-b", "caisson/stable",
        "--add-metadata-string=version=9.9", "--tree=dir=" + tree("9.9")).strip();
    ostree("admin", "deploy", "--sysroot=" + sr, "--os=caisson", "caisson/stable");
    String status = ok("admin", "status", "--sysroot=" + sr).stdout();
    assertThat(status).contains("caisson " + c + ".0", "Version: 9.9", "origin refspec: caisson/stable");
  }

  @Test
  void userErrorsAreShortMessages() throws Exception {
    BinCaissonIT.Run r = BinCaissonIT.caisson("admin", "status", "--sysroot=" + tmp.resolve("nothing"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("is not a sysroot").doesNotContain("\tat ");
  }
}
