package dev.caisson.provision;

import static dev.caisson.provision.DifferentialConfigs.cfg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caisson.provision.fetch.FetchOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dry run against the real run, re-runs, and configs sources other than a file. */
class RunOnceTest {
  @TempDir Path tmp;

  private static final String BIG = cfg("3.3.0", "\"passwd\":{\"users\":[{\"name\":\"alice\",\"groups\":[\"wheel\"],"
      + "\"sshAuthorizedKeys\":[\"ssh-ed25519 AAAA a\"]},{\"name\":\"old\",\"groups\":[\"wheel\"]}],\"groups\":[{\"name\":\"devs\"}]},"
      + "\"storage\":{\"files\":[{\"path\":\"/etc/motd\",\"overwrite\":true,\"contents\":{\"source\":\"data:,hi\"}},"
      + "{\"path\":\"/srv/dir\",\"overwrite\":true,\"contents\":{\"source\":\"data:,f\"}},{\"path\":\"/opt/a/b\",\"mode\":384,"
      + "\"user\":{\"name\":\"alice\"},\"append\":[{\"source\":\"data:,x\"}]}],\"directories\":[{\"path\":\"/var/lib\",\"mode\":448}],"
      + "\"links\":[{\"path\":\"/etc/localtime\",\"target\":\"../usr/share/zoneinfo/UTC\"},{\"path\":\"/opt/h\",\"target\":\"/opt/a/b\",\"hard\":true}]},"
      + "\"systemd\":{\"units\":[{\"name\":\"old.service\",\"enabled\":false},{\"name\":\"n.service\",\"enabled\":true,"
      + "\"contents\":\"[Unit]\\n\",\"dropins\":[{\"name\":\"a.conf\",\"contents\":\"[Unit]\\n\"}]},{\"name\":\"m.socket\",\"mask\":true}]},"
      + "\"kernelArguments\":{\"shouldExist\":[\"console=ttyS0\"],\"shouldNotExist\":[\"quiet\"]}");

  private Provisioner engine() {
    return new Provisioner(Clock.systemUTC(), FetchOptions.defaults(), ProvisionListener.NONE);
  }

  private ProvisionRequest request(Path root, String config) throws Exception {
    Path cfg = tmp.resolve("c" + config.hashCode() + ".ign");
    Files.writeString(cfg, config);
    Files.writeString(tmp.resolve("cmdline"), "root=/dev/vda quiet\n");
    return ProvisionRequest.of(root, cfg.toString()).withSources(tmp.resolve("nofw"), tmp.resolve("cmdline"),
        tmp.resolve("nobase"));
  }

  @Test
  void dryRunChangesNothingAndListsExactlyWhatTheRunDoes() throws Exception {
    Path root = Skeleton.create(tmp.resolve("root"));
    var before = Tree.of(root);
    Outcome dry = engine().run(request(root, BIG).withDryRun(true));
    assertThat(Tree.of(root)).isEqualTo(before);
    assertThat(root.resolve(Provisioner.STAMP)).doesNotExist();
    Outcome real = engine().run(request(root, BIG));
    assertThat(real.plan()).isEqualTo(dry.plan());
    assertThat(real.applied()).isEqualTo(dry.plan().size());
    var after = Tree.of(root);
    var changed = new TreeSet<String>();
    for (String k : union(before, after)) {
      if (!String.valueOf(before.get(k)).equals(String.valueOf(after.get(k)))) {
        changed.add(k);
      }
    }
    Set<String> planned = plannedPaths(dry);
    for (String k : changed) {
      assertThat(planned.stream().anyMatch(p -> k.equals(p) || k.startsWith(p + "/")))
          .as("changed path %s is in the plan", k).isTrue();
    }
    for (String p : planned) {
      boolean masked = p.endsWith("-") || p.equals("etc/.pwd.lock");
      assertThat(masked || changed.contains(p)).as("planned path %s changed", p).isTrue();
    }
    assertThat(dry.plan()).anyMatch(l -> l.startsWith("user add alice")).anyMatch(l -> l.startsWith("group add devs"))
        .anyMatch(l -> l.equals("unit disable old.service")).anyMatch(l -> l.startsWith("remove directory (recursively) /srv/dir"));
    assertThat(String.join("\n", dry.plan())).doesNotContain("ssh-ed25519").doesNotContain("data:");
    assertThat(real.kargs()).containsExactly("ensure console=ttyS0", "absent quiet");
    assertThat(real.rebootNeeded()).isTrue();
    assertThat(root.resolve("etc/caisson/kargs.d/50-provision.conf")).content().contains("ensure console=ttyS0\nabsent quiet\n");
  }

  private static Set<String> union(Map<String, String> a, Map<String, String> b) {
    var s = new TreeSet<>(a.keySet());
    s.addAll(b.keySet());
    return s;
  }

  private static Set<String> plannedPaths(Outcome o) {
    var p = Pattern.compile("^(?:create (?:file|directory|link|hard link)|change(?: file)?|remove [a-z ()]+) /(\\S*)");
    var out = new TreeSet<String>();
    for (String l : o.plan()) {
      var m = p.matcher(l);
      if (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  @Test
  void secondRunIsANoOpAndAnotherConfigNeedsForce() throws Exception {
    Path root = Skeleton.create(tmp.resolve("root"));
    engine().run(request(root, BIG));
    var once = Tree.of(root);
    String result = Files.readString(root.resolve(Provisioner.RESULT));
    Outcome again = engine().run(request(root, BIG));
    assertThat(again.alreadyProvisioned()).isTrue();
    assertThat(Tree.of(root)).isEqualTo(once);
    assertThat(root.resolve(Provisioner.RESULT)).hasContent(result);
    String other = cfg("3.2.0", DifferentialConfigs.files("{\"path\":\"/etc/other\",\"contents\":{\"source\":\"data:,o\"}}"));
    assertThatThrownBy(() -> engine().run(request(root, other))).hasMessageContaining("--force");
    assertThat(root.resolve("etc/other")).doesNotExist();
    engine().run(request(root, other).withForce(true));
    assertThat(root.resolve("etc/other")).hasContent("o");
    assertThat(root.resolve(Provisioner.RESULT)).content().contains("\"status\" : \"ok\"");
  }

  @Test
  void failureIsRecordedInTheResultFile() throws Exception {
    Path root = Skeleton.create(tmp.resolve("root"));
    String config = cfg("3.2.0", DifferentialConfigs.files("{\"path\":\"/etc/ok\",\"contents\":{\"source\":\"data:,1\"}},"
        + "{\"path\":\"/etc/zz/deeper\",\"contents\":{\"source\":\"data:,2\"}}"));
    // something else creates a file where the plan makes a directory, between planning and applying
    var saboteur = new ProvisionListener() {
      public void started(String stage, String op) {
        if (op.startsWith("create directory /etc/zz")) {
          try {
            Files.writeString(root.resolve("etc/zz"), "in the way");
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      }

      public void finished(String stage, String op) {}

      public void failed(String stage, String op, String reason) {}

      public void warning(String stage, String message) {}
    };
    assertThatThrownBy(() -> new Provisioner(Clock.systemUTC(), FetchOptions.defaults(), saboteur)
        .run(request(root, config))).hasMessageContaining("create directory /etc/zz");
    assertThat(root.resolve(Provisioner.RESULT)).content().contains("\"status\" : \"failed\"")
        .contains("1 of 3 operations had been applied");
    assertThat(root.resolve(Provisioner.STAMP)).doesNotExist();
  }

  @Test
  void configFromFwCfgCmdlineAndBaseDir() throws Exception {
    Path root = Skeleton.create(tmp.resolve("root"));
    Path fw = tmp.resolve("fw");
    Files.createDirectories(fw.resolve("opt/com.coreos/config"));
    Files.writeString(fw.resolve("opt/com.coreos/config/raw"),
        cfg("3.2.0", DifferentialConfigs.files("{\"path\":\"/etc/from-fw\",\"contents\":{\"source\":\"data:,fw\"}}")));
    Path base = Files.createDirectories(tmp.resolve("base.d"));
    Files.writeString(base.resolve("10-base.ign"),
        cfg("3.0.0", DifferentialConfigs.files("{\"path\":\"/etc/from-base\",\"contents\":{\"source\":\"data:,b\"}}")));
    engine().run(new ProvisionRequest(root, java.util.Optional.empty(), fw, tmp.resolve("none"), base, Stage.ALL,
        false, false));
    assertThat(root.resolve("etc/from-fw")).hasContent("fw");
    assertThat(root.resolve("etc/from-base")).hasContent("b");

    Path root2 = Skeleton.create(tmp.resolve("root2"));
    try (var server = new TestServer()) {
      String url = server.put("/c.ign", cfg("3.1.0", DifferentialConfigs.files(
          "{\"path\":\"/etc/from-cmdline\",\"contents\":{\"source\":\"data:,c\"}}")));
      Files.writeString(tmp.resolve("cmdline2"), "quiet ignition.config.url=" + url + " ro\n");
      engine().run(new ProvisionRequest(root2, java.util.Optional.empty(), tmp.resolve("nofw"), tmp.resolve("cmdline2"),
          tmp.resolve("nobase"), Stage.FILES, false, false));
    }
    assertThat(root2.resolve("etc/from-cmdline")).hasContent("c");
  }

  @Test
  void butaneIsTranspiledFirst() throws Exception {
    Path root = Skeleton.create(tmp.resolve("root"));
    Path cfg = tmp.resolve("c.bu");
    Files.writeString(cfg, "variant: fcos\nversion: 1.4.0\nstorage:\n  files:\n    - path: /etc/bu\n      contents:\n"
        + "        inline: butane\n");
    engine().run(ProvisionRequest.of(root, cfg.toString()).withSources(tmp.resolve("a"), tmp.resolve("b"), tmp.resolve("c")));
    assertThat(root.resolve("etc/bu")).hasContent("butane");
  }

  @Test
  void aSingleStageDoesNotStampTheRoot() throws Exception {
    Path root = Skeleton.create(tmp.resolve("root"));
    engine().run(request(root, BIG).withStage(Stage.KARGS));
    assertThat(root.resolve("etc/caisson/kargs.d/50-provision.conf")).exists();
    assertThat(root.resolve("etc/motd")).hasContent("welcome\n");
    assertThat(root.resolve(Provisioner.STAMP)).doesNotExist();
    Outcome files = engine().run(request(root, BIG).withStage(Stage.FILES));
    assertThat(files.alreadyProvisioned()).isFalse();
    assertThat(root.resolve("etc/motd")).hasContent("hi");
  }
}
