package dev.caisson.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caisson.cli.quickstart.Lab;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 8's acceptance 1, in QEMU under software emulation, driven as a user would with the CLI (the quick
 * start's own code path, {@link Lab}): (a) first boot of the composed OS with examples/quickstart.bu, (b) an
 * update published on {@code caisson server}, staged, locked, rebooted into and reported healthy, (c) a release
 * whose health check fails, rolled back by boot counting and paused by the server's closed loop, (d) a config
 * with a bad hash stopping the first boot. Progress (step, seconds) goes to stderr so a CI log shows where the
 * time goes. State: e2e/target/e2e (the compose cache is the usual ~/.cache/caisson/compose).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class EndToEndTest {
  private static final String A = "2026.12.0";
  private static final String B = "2026.12.1";
  private static final String C = "2026.12.2";
  private static Lab lab;
  private static Lab.Commit commitA;
  private static Path imageA;
  private static int webPort;

  @BeforeAll
  static void composeAndServe() throws Exception {
    Path root = Path.of(System.getProperty("caisson.root", "..")).toAbsolutePath().normalize();
    Path state = root.resolve("e2e/target/e2e");
    int serverPort = freePort();
    webPort = freePort();
    lab = new Lab(root, state, state.resolve("vm"), serverPort, "e2e", (step, message, s) ->
        System.err.printf("e2e [%6.1fs] %-8s %s%n", s, step, message));
    stopLeftovers();
    lab.say("setup", "state " + state + ", server port " + serverPort + ", web port " + webPort);
    commitA = lab.compose(root.resolve("os/caisson.yaml"), A);
    imageA = lab.image(commitA);
    lab.startServer(Map.of("enabled", true, "failed_nodes", 1, "failed_ratio", 1.0, "min_takers", 1));
    lab.publish(commitA);
  }

  @AfterAll
  static void stop() throws Exception {
    if (lab != null) {
      stopLeftovers();
      lab.say("done", "VMs and server stopped");
    }
  }

  private static void stopLeftovers() throws IOException {
    for (String vm : List.of("e2e", "e2e-bad")) {
      if (Files.exists(lab.vmBase().resolve(vm).resolve("supervisor.pid"))) {
        withVm(vm).stopVm();
      }
    }
    lab.stopServer();
  }

  /** (a), (b), (c): one machine's life. */
  @Test
  @Order(1)
  void firstBootUpdateAndRollback() throws Exception {
    // (a) first boot with the quick start's Butane config, plus what the test needs: its SSH key for core and
    // root, and an agent drop-in for this server's port that ticks every 5 s and gives a new release one try
    var ign = Lab.transpile(lab.project().resolve("examples/quickstart.bu"));
    Lab.addSshKey(ign, "core", lab.publicKey());
    Lab.addSshKey(ign, "root", lab.publicKey());
    Lab.addFile(ign, "/etc/caisson/agent.d/60-e2e.toml", 0644, """
        [agent.timing]
        steady_interval_secs = 5

        [cincinnati]
        base_url = "http://10.0.2.2:%1$d"

        [updates.fleet_lock]
        base_url = "http://10.0.2.2:%1$d/"

        [agent.health]
        boot_tries = 1
        """.formatted(lab.serverPort()));
    Path config = lab.writeConfig(ign, "e2e.ign");
    Path disk = lab.copyImage(imageA, "e2e.img");
    long t = System.nanoTime();
    lab.say("(a)", "first boot of " + A);
    var run = lab.runVm(disk, config, List.of(webPort + ":8080"), true, 900);
    assertThat(run.code()).as(run.output()).isZero();
    String page = lab.awaitHttp("http://127.0.0.1:" + webPort + "/", Duration.ofSeconds(300));
    lab.say("(a)", String.format("the container answered %.1f s after vm run started", since(t)));
    assertThat(page).contains("Hello from a container on Caisson");
    assertThat(lab.ssh("core", "id -un; id -u")).isEqualTo("core\n1000\n");
    String facts = lab.ssh("root", String.join("; ",
        "cat /etc/caisson-quickstart/www/index.html | grep -c 'Hello from a container'",
        "systemctl is-enabled quickstart-web.service",
        "systemctl is-active quickstart-web.service",
        "touch /usr/.e2e 2>/dev/null && echo usr-rw || echo usr-ro",
        "test -e /boot/caisson.firstboot && echo stamp-left || echo stamp-gone",
        "test -e /run/ostree-booted && echo ostree-booted",
        "grep -o 'ostree=[^ ]*' /proc/cmdline",
        // the class-data archive compose recorded maps (-Xshare:on fails when the JVM rejects it, e.g.
        // when the deployed jar's mtime is not the 0 it was recorded with)
        "/usr/lib/caisson/jre/bin/java -Xshare:on -XX:SharedArchiveFile=/usr/lib/caisson/caisson.jsa"
            + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar /usr/lib/caisson/caisson.jar --version >/dev/null"
            + " && echo cds-maps || echo cds-refused"));
    lab.say("(a)", facts.replace('\n', ' '));
    assertThat(facts.split("\n")).startsWith("1", "enabled", "active", "usr-ro", "stamp-gone", "ostree-booted");
    assertThat(facts).contains("cds-maps");
    assertThat(bootedChecksum()).isEqualTo(commitA.checksum());
    lab.ssh("root", "echo 'edited on " + A + "' > /etc/e2e-edit && sed -i 's/Hello from a container/Hello again"
        + " from a container/' /etc/caisson-quickstart/www/index.html");

    // (b) publish B: the agent stages it, takes the lock, reboots, passes its health check, reports steady
    Lab.Commit commitB = lab.compose(lab.project().resolve("os/caisson.yaml"), B);
    assertThat(commitB.checksum()).isNotEqualTo(commitA.checksum());
    lab.publish(commitB);
    t = System.nanoTime();
    // the agent reports "healthy" once after the reboot and "idle" on its next tick, 5 s later: the record may
    // already say idle when it is read, so the report is checked in the server's counters
    JsonNode node = awaitNode("(b) booted " + B, Duration.ofMinutes(15),
        n -> B.equals(text(n, "bootedVersion", "booted_version")) && List.of("healthy", "idle").contains(text(n, "state")));
    lab.say("(b)", String.format("%s booted and steady %.1f s after publishing", B, since(t)));
    assertThat(Lab.get(lab.serverUrl() + "metrics").orElseThrow()).as("the node reported healthy")
        .containsPattern("caisson_reports_total\\{state=\"healthy\"} [1-9]");
    assertThat(text(node, "bootedChecksum", "booted_checksum")).isEqualTo(commitB.checksum());
    awaitSsh();
    assertThat(bootedChecksum()).isEqualTo(commitB.checksum());
    assertThat(lab.ssh("root", "cat /etc/e2e-edit")).isEqualTo("edited on " + A + "\n");
    assertThat(lab.awaitHttp("http://127.0.0.1:" + webPort + "/", Duration.ofSeconds(300)))
        .contains("Hello again from a container");
    String metrics = Lab.get(lab.serverUrl() + "metrics").orElseThrow();
    assertThat(metrics).as("the agent took the reboot lock").containsPattern(
        "caisson_fleetlock_requests_total\\{api=\"pre-reboot\",result=\"[a-z_]*\"} [1-9]");

    // (c) publish C, whose health check fails: it boots C, fails, boot counting returns it to B, it reports the
    // failure and the server pauses C's rollout
    Path bad = badManifest();
    Lab.Commit commitC = lab.compose(bad, C);
    lab.publish(commitC);
    t = System.nanoTime();
    JsonNode release = awaitRelease(C, Duration.ofMinutes(15), r -> r.path("pause").isObject()
        && r.path("pause").path("automatic").asBoolean());
    lab.say("(c)", String.format("%s paused by the closed loop %.1f s after publishing: %s", C, since(t),
        release.path("pause").path("reason").asText()));
    assertThat(release.path("pause").path("reason").asText()).contains(C);
    node = awaitNode("(c) back on " + B, Duration.ofMinutes(15),
        n -> B.equals(text(n, "bootedVersion", "booted_version")));
    lab.say("(c)", String.format("rolled back to %s %.1f s after publishing: %s", B, since(t), node));
    assertThat(Lab.get(lab.serverUrl() + "metrics").orElseThrow()).as("the node reported the failure")
        .containsPattern("caisson_reports_total\\{state=\"failed\"} [1-9]");
    awaitSsh();
    assertThat(bootedChecksum()).isEqualTo(commitB.checksum());
    String console = Files.readString(lab.serialLog(), StandardCharsets.ISO_8859_1);
    assertThat(console).as("C booted once before the rollback").contains(commitC.checksum());
    assertThat(lab.ssh("root", "cat /etc/e2e-edit")).isEqualTo("edited on " + A + "\n");
    lab.stopVm();
  }

  /** (d): a config whose file does not match its hash stops the first boot, with the error on the console. */
  @Test
  @Order(2)
  void badHashStopsTheFirstBoot() throws Exception {
    Lab bad = withVm("e2e-bad");
    Path disk = bad.copyImage(imageA, "e2e-bad.img");
    var ign = Lab.transpile(lab.project().resolve("os/test/bad-hash.bu"));
    Path config = bad.writeConfig(ign, "bad-hash.ign");
    long t = System.nanoTime();
    bad.say("(d)", "first boot with a bad hash");
    var run = bad.runVm(disk, config, List.of(), true, 600);
    bad.say("(d)", String.format("vm run returned %d after %.1f s", run.code(), since(t)));
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.output()).contains("provisioning failed");
    String console = Files.readString(bad.serialLog(), StandardCharsets.ISO_8859_1);
    assertThat(console).contains("CAISSON-PROVISION-FAILED:").contains("hash mismatch")
        .doesNotContain("CAISSON-READY");
    bad.stopVm();
  }

  // ---- helpers ----

  private static Lab withVm(String name) {
    return new Lab(lab.project(), lab.state(), lab.vmBase(), lab.serverPort(), name, lab.listener(), lab.startNanos());
  }

  /** The deployment's checksum from ostree= on the running kernel's command line. */
  private static String bootedChecksum() throws IOException {
    String arg = lab.ssh("root", "readlink -f \"$(grep -o 'ostree=[^ ]*' /proc/cmdline | cut -d= -f2)\"").trim();
    String base = arg.substring(arg.lastIndexOf('/') + 1);
    return base.substring(0, base.indexOf('.'));
  }

  /** Waits until SSH answers again (after a reboot). */
  /**
   * Acceptance 2: the composed OS's image, as written (never booted), passes Debian's {@code ostree fsck}
   * and {@code ostree admin status}, run on its root filesystem as debugfs reads it (rdump, no mount).
   */
  @Test
  @Order(3)
  void theComposedImagePassesOstreeFsckAndAdminStatus() throws Exception {
    var tools = new dev.caisson.image.Tools();
    var fs = dev.caisson.image.vm.ImageRootFs.open(tools, imageA);
    Path dump = lab.state().resolve("rdump");
    dev.caisson.store.FileTree.delete(dump);
    Files.createDirectories(dump);
    tools.run(List.of("debugfs", "-R", "rdump / " + dump, fs.device()));
    // rdump sets modes before owners, and a chown clears setuid and setgid: read those objects' modes
    // from the image itself (one debugfs run listing every objects/XX directory) and put them back
    Path objects = dump.resolve("ostree/repo/objects");
    var listing = new StringBuilder();
    try (var dirs = Files.list(objects)) {
      dirs.map(d -> d.getFileName().toString()).sorted()
          .forEach(d -> listing.append("ls -l /ostree/repo/objects/").append(d).append('\n'));
    }
    Path commands = lab.state().resolve("rdump-ls.txt");
    Files.writeString(commands, listing);
    String dir = null;
    int setid = 0;
    for (String line : tools.run(List.of("debugfs", "-f", commands.toString(), fs.device())).split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (line.startsWith("debugfs: ls -l ")) {
        dir = f[f.length - 1];
      } else if (dir != null && f.length > 2 && f[1].matches("10[0-7]{4}") && f[1].charAt(2) > '1') {
        Files.setAttribute(dump.resolve(dir.substring(1)).resolve(f[f.length - 1]), "unix:mode",
            Integer.parseInt(f[1].substring(2), 8));
        setid++;
      }
    }
    lab.say("image", setid + " set-id objects restored after rdump");
    assertThat(setid).as("the OS has setuid programs (su, passwd, ...)").isPositive();
    var fsck = tools.exec(Map.of(), List.of("ostree", "fsck", "--repo=" + dump.resolve("ostree/repo")));
    lab.say("image", "ostree fsck: " + fsck.stdout().strip().lines().reduce((a, b) -> b).orElse(""));
    assertThat(fsck.exitCode()).as(fsck.stdout() + fsck.stderr()).isZero();
    assertThat(fsck.stdout()).contains("no errors found");
    var status = tools.exec(Map.of(), List.of("unshare", "-U", "--map-user=0", "--map-group=0", "ostree", "admin",
        "status", "--sysroot=" + dump));
    assertThat(status.exitCode()).as(status.stderr()).isZero();
    assertThat(status.stdout()).contains("caisson " + commitA.checksum() + ".0").contains("Version: " + A)
        .contains("origin refspec: " + commitA.checksum()); // Lab builds its images from the commit id
    dev.caisson.store.FileTree.delete(dump);
  }

  private static void awaitSsh() throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      try {
        lab.ssh("root", "systemctl is-system-running --wait >/dev/null 2>&1; true");
        return;
      } catch (IOException e) {
        last = e;
        Thread.sleep(3000);
      }
    }
    throw last;
  }

  private static JsonNode awaitNode(String what, Duration timeout, Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String lastSeen = "";
    while (System.nanoTime() < deadline) {
      for (JsonNode n : nodes()) {
        if (!n.toString().equals(lastSeen)) {
          lastSeen = n.toString();
          lab.say("node", text(n, "state") + " booted " + text(n, "bootedVersion", "booted_version") + " staged "
              + text(n, "stagedVersion", "staged_version"));
        }
        if (done.test(n)) {
          return n;
        }
      }
      Thread.sleep(3000);
    }
    throw new AssertionError(what + ": not reached within " + timeout.toMinutes() + " min; nodes: " + nodes()
        + "\nconsole:\n" + Lab.tail(Files.readString(lab.serialLog(), StandardCharsets.ISO_8859_1)));
  }

  private static List<JsonNode> nodes() throws IOException {
    JsonNode all = lab.admin("v1/admin/nodes");
    var list = new java.util.ArrayList<JsonNode>();
    (all.isArray() ? all : all.path("nodes")).forEach(list::add);
    return list;
  }

  private static JsonNode awaitRelease(String version, Duration timeout, Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<JsonNode> r = release(version);
      if (r.isPresent() && done.test(r.get())) {
        return r.get();
      }
      Thread.sleep(3000);
    }
    throw new AssertionError("release " + version + ": not paused within " + timeout.toMinutes() + " min: "
        + lab.admin("v1/admin/streams") + "\nnodes: " + nodes() + "\nconsole:\n"
        + Lab.tail(Files.readString(lab.serialLog(), StandardCharsets.ISO_8859_1)));
  }

  private static Optional<JsonNode> release(String version) throws IOException {
    JsonNode streams = lab.admin("v1/admin/streams");
    for (JsonNode s : streams.isArray() ? streams : streams.path("streams")) {
      for (JsonNode r : s.path("releases")) {
        if (version.equals(r.path("version").asText())) {
          return Optional.of(r);
        }
      }
    }
    return Optional.empty();
  }

  private static String text(JsonNode n, String... names) {
    for (String name : names) {
      if (n.hasNonNull(name)) {
        return n.get(name).asText();
      }
    }
    return "";
  }

  /** os/caisson.yaml with one more overlay: a required health check that always fails. */
  private static Path badManifest() throws IOException {
    Path dir = lab.state().resolve("bad-os");
    Lab.deleteTree(dir);
    Path check = dir.resolve("bad-overlay/usr/lib/caisson/health/required.d/90-e2e-always-fails");
    Files.createDirectories(check.getParent());
    Files.writeString(check, "#!/bin/sh\necho 'e2e: this release is bad on purpose' >&2\nexit 1\n");
    Files.setPosixFilePermissions(check, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    String manifest = Files.readString(lab.project().resolve("os/caisson.yaml"));
    Path overlay = lab.project().resolve("os/overlay").toAbsolutePath();
    String replaced = manifest.replace("overlays:\n  - overlay\n", "overlays:\n  - " + overlay + "\n  - bad-overlay\n");
    assertThat(replaced).isNotEqualTo(manifest);
    Files.writeString(dir.resolve("caisson.yaml"), replaced);
    return dir.resolve("caisson.yaml");
  }

  private static double since(long t) {
    return (System.nanoTime() - t) / 1e9;
  }

  private static int freePort() throws IOException {
    try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
