package dev.caisson.provision;

import static dev.caisson.provision.DifferentialConfigs.cfg;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.provision.fetch.FetchOptions;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real engine's behaviours the issue lists, asserted directly on our engine (DifferentialTest compares them too). */
class BehaviourTest {
  @TempDir Path tmp;
  private final List<String> warnings = new ArrayList<>();

  private int runs;

  private Path apply(String config) throws Exception {
    Path root = Skeleton.create(tmp.resolve("root" + runs++));
    Path cfg = tmp.resolve("c.ign");
    Files.writeString(cfg, config);
    var listener = new ProvisionListener() {
      public void started(String s, String op) {}

      public void finished(String s, String op) {}

      public void failed(String s, String op, String r) {}

      public void warning(String s, String m) {
        warnings.add(m);
      }
    };
    new Provisioner(Clock.systemUTC(), FetchOptions.defaults(), listener).run(ProvisionRequest.of(root, cfg.toString())
        .withSources(tmp.resolve("x"), tmp.resolve("y"), tmp.resolve("z")));
    return root;
  }

  private static int mode(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  private static int uid(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  private static List<String> lines(Path root, String rel) throws Exception {
    return Files.readAllLines(root.resolve(rel));
  }

  @Test
  void specialBitsAreDroppedBeforeSpec34AndKeptAfter() throws Exception {
    Path root = apply(cfg("3.3.0", DifferentialConfigs.files("{\"path\":\"/bin/s\",\"mode\":2541,\"contents\":{\"source\":\"data:,x\"}}")));
    assertThat(mode(root.resolve("bin/s"))).isEqualTo(0755);
    assertThat(warnings).anyMatch(w -> w.contains("4755 becomes 0755"));
    Path root2 = apply(cfg("3.4.0", DifferentialConfigs.files("{\"path\":\"/bin/s\",\"overwrite\":true,\"mode\":2541,"
        + "\"contents\":{\"source\":\"data:,x\"}}")));
    assertThat(mode(root2.resolve("bin/s"))).isEqualTo(04755);
  }

  @Test
  void hashIsCheckedOnDecompressedContent() throws Exception {
    Path root = apply(DifferentialConfigs.all().get("file-gzip-hash"));
    assertThat(root.resolve("etc/h.txt")).hasContent("abc");
  }

  @Test
  void hardLinkRelativeTargetIsTakenFromTheRoot() throws Exception {
    Path root = apply(DifferentialConfigs.all().get("hardlink-relative-from-root"));
    assertThat(Files.isSameFile(root.resolve("etc/myapp/hardlink"), root.resolve("etc/myapp/config.yaml"))).isTrue();
  }

  @Test
  void existingSymlinkWithTheSameCleanTargetIsLeftAloneOwnerIncluded() throws Exception {
    Path root = apply(DifferentialConfigs.all().get("link-same-target-kept"));
    assertThat(Files.readSymbolicLink(root.resolve("etc/same")).toString()).isEqualTo("../usr/lib/../share/x");
    assertThat(uid(root.resolve("etc/same"))).isZero();
  }

  @Test
  void overwriteReplacesADirectoryWithAFile() throws Exception {
    Path root = apply(DifferentialConfigs.all().get("file-replaces-dir"));
    assertThat(root.resolve("srv/dir")).isRegularFile().hasContent("f");
  }

  @Test
  void disablingRemovesTheWantsLinkAndTheEmptyWantsDirectory() throws Exception {
    Path root = apply(DifferentialConfigs.all().get("unit-disabled-wants"));
    assertThat(root.resolve("etc/systemd/system/multi-user.target.wants")).doesNotExist();
    assertThat(lines(root, "etc/systemd/system-preset/20-ignition.preset")).containsExactly("disable old.service");
  }

  @Test
  void groupsReplacesAnExistingUsersSupplementaryGroups() throws Exception {
    Path root = apply(DifferentialConfigs.all().get("user-existing-groups"));
    assertThat(lines(root, "etc/group")).contains("wheel:x:10:old", "extra:x:1001:");
    assertThat(lines(root, "etc/gshadow")).contains("extra:!::");
  }

  @Test
  void systemGroupIdsCountDownAndPrivateGroupTakesUidOnlyIfFree() throws Exception {
    Path root = apply(cfg("3.2.0", "\"passwd\":{\"groups\":[{\"name\":\"g1\",\"system\":true},{\"name\":\"g2\",\"system\":true}],"
        + "\"users\":[{\"name\":\"erin\",\"uid\":1001},{\"name\":\"sys\",\"system\":true}]}"));
    assertThat(lines(root, "etc/group")).contains("g1:x:999:", "g2:x:998:", "erin:x:1002:", "sys:x:997:");
    assertThat(lines(root, "etc/passwd")).contains("erin:x:1001:1002::/home/erin:/bin/sh");
    assertThat(lines(root, "etc/shadow")).anyMatch(l -> l.matches("sys:\\*:\\d+::::::"))
        .anyMatch(l -> l.matches("erin:\\*:\\d+:0:99999:7:::"));
  }

  @Test
  void newHomesAre0700FromSkelAndKeysAreOwnedByTheUser() throws Exception {
    Path root = apply(DifferentialConfigs.all().get("user-full"));
    assertThat(mode(root.resolve("home/alice"))).isEqualTo(0700);
    assertThat(root.resolve("home/alice/.bashrc")).exists();
    Path keys = root.resolve("home/alice/.ssh/authorized_keys.d/ignition");
    assertThat(uid(keys)).isEqualTo(1500);
    assertThat(mode(keys)).isEqualTo(0600);
    assertThat(uid(root.resolve("home/alice/.ssh"))).isEqualTo(1500);
    assertThat(lines(root, "home/alice/.ssh/authorized_keys.d/ignition"))
        .containsExactly("ssh-ed25519 AAAA alice@a", "ssh-rsa BBBB alice@b");
  }

  @Test
  void filesInASetgidDirectoryStillGetTheConfiguredGroup() throws Exception {
    Path root = apply(cfg("3.4.0", "\"storage\":{\"directories\":[{\"path\":\"/srv/shared\",\"mode\":1533,"
        + "\"group\":{\"id\":50}}],\"files\":[{\"path\":\"/srv/shared/f\",\"contents\":{\"source\":\"data:,x\"}}]}"));
    assertThat(mode(root.resolve("srv/shared"))).isEqualTo(02775);
    assertThat((Integer) Files.getAttribute(root.resolve("srv/shared/f"), "unix:gid")).isZero();
  }
}
