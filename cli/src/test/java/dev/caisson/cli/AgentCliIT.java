package dev.caisson.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code caisson agent --once} and {@code caisson update} through bin/caisson: a sysroot on 1.0, a
 * tiny graph server offering 2.0 from an archive repo; one pass stages 2.0 and runs the reboot
 * command; {@code caisson update status} shows it.
 */
class AgentCliIT {
  @TempDir Path tmp;

  private static BinCaissonIT.Run ok(String... args) throws Exception {
    BinCaissonIT.Run r = BinCaissonIT.caisson(args);
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.stdout() + r.stderr()).isZero();
    return r;
  }

  private Path tree(String version) throws Exception {
    Path t = tmp.resolve("tree-" + version);
    Files.createDirectories(t.resolve("usr/lib/modules/6.1.0"));
    Files.createDirectories(t.resolve("usr/etc"));
    Files.writeString(t.resolve("usr/lib/modules/6.1.0/vmlinuz"), "kernel " + version);
    Files.writeString(t.resolve("usr/etc/motd"), version + "\n");
    return t;
  }

  @Test
  void onePassStagesTheUpdateAndRebootsThenStatusShowsIt() throws Exception {
    Path sr = tmp.resolve("sysroot");
    ok("admin", "init-fs", sr.toString());
    ok("admin", "os-init", "--sysroot=" + sr, "caisson");
    Path origin = tmp.resolve("origin");
    ok("repo", "init", "--repo=" + origin, "--mode=archive");
    String a = ok("repo", "commit", "--repo=" + origin, "-b", "caisson/stable", "--add-metadata-string=version=1.0",
        "--add-metadata-string=caisson.stream=stable", "--tree=dir=" + tree("1.0")).stdout().strip();
    String b = ok("repo", "commit", "--repo=" + origin, "-b", "caisson/stable", "--add-metadata-string=version=2.0",
        "--add-metadata-string=caisson.stream=stable", "--tree=dir=" + tree("2.0")).stdout().strip();
    String graph = "{\"nodes\":[" + node("1.0", a, 0) + "," + node("2.0", b, 1) + "],\"edges\":[[0,1]]}";
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      String p = ex.getRequestURI().getPath();
      byte[] body = null;
      if (p.equals("/v1/graph")) {
        body = graph.getBytes(StandardCharsets.UTF_8);
      } else if (p.startsWith("/repo/") && Files.isRegularFile(origin.resolve(p.substring(6)))) {
        body = Files.readAllBytes(origin.resolve(p.substring(6)));
      }
      ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      if (body != null) {
        ex.getResponseBody().write(body);
      }
      ex.close();
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
      ok("repo", "remote", "--repo=" + sr.resolve("ostree/repo"), "--no-gpg-verify", "add", "origin", base + "repo/");
      ok("repo", "pull", "--repo=" + sr.resolve("ostree/repo"), "origin", a);
      ok("admin", "deploy", "--sysroot=" + sr, "--os=caisson", a);
      Path entry;
      try (Stream<Path> s = Files.list(sr.resolve("boot/loader/entries"))) {
        entry = s.findFirst().orElseThrow();
      }
      String options = Files.readAllLines(entry).stream().filter(l -> l.startsWith("options ")).findFirst()
          .orElseThrow();
      Path cmdline = Files.writeString(tmp.resolve("cmdline"), options.substring(8) + "\n");
      Path conf = Files.createDirectories(tmp.resolve("agent.d"));
      Files.writeString(conf.resolve("50-test.toml"), "[cincinnati]\nbase_url = \"" + base + "\"\n"
          + "[agent.reboot]\ncommand = [\"true\"]\n[agent.metrics]\nport = 0\n[agent.report]\nurl = \"\"\n");
      Path mid = Files.writeString(tmp.resolve("machine-id"), "3d1219c7c4c5404aaa1f6d2a48adfda4\n");
      Path run = tmp.resolve("run");

      BinCaissonIT.Run r = BinCaissonIT.caisson("agent", "--sysroot=" + sr, "--config-dir=" + conf, "--once",
          "--run-dir=" + run, "--cmdline=" + cmdline, "--machine-id=" + mid,
          "--state-file=" + tmp.resolve("state.json"));
      assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
      assertThat(r.stderr()).contains("node 975228d46dc94622b9bbe16671e2b58d", "update_staged -> update_finalized");
      assertThat(r.stdout()).contains("State: update_finalized", "Target: 2.0", "Booted: 1.0");
      assertThat(run.resolve("staged-deployment")).exists();
      assertThat(run.resolve("staged-deployment-locked")).as("unlocked once the reboot was allowed").doesNotExist();
      assertThat(Files.readString(tmp.resolve("state.json"))).contains("\"version\" : \"2.0\"");

      String status = ok("update", "--run-dir=" + run, "status").stdout();
      assertThat(status).contains("State: update_finalized", "Target: 2.0", "Reason: rebooting into 2.0");
      ok("update", "--run-dir=" + run, "pause");
      ok("update", "--run-dir=" + run, "unlock");
      try (Stream<Path> s = Files.list(run.resolve("agent/requests"))) {
        assertThat(s.map(p -> p.getFileName().toString()).sorted()).hasSize(2)
            .satisfiesExactly(p -> assertThat(p).endsWith("-pause"), p -> assertThat(p).endsWith("-unlock"));
      }
    } finally {
      server.stop(0);
    }
  }

  private static String node(String version, String checksum, int age) {
    return "{\"version\":\"" + version + "\",\"payload\":\"" + checksum + "\",\"metadata\":{"
        + "\"org.fedoraproject.coreos.releases.age_index\":\"" + age + "\","
        + "\"org.fedoraproject.coreos.scheme\":\"checksum\"}}";
  }
}
