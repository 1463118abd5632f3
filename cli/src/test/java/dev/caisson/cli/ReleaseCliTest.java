package dev.caisson.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.server.FleetServer;
import dev.caisson.server.ServerConfig;
import dev.caisson.store.CommitWriter;
import dev.caisson.store.Repo;
import dev.caisson.store.RepoMode;
import dev.caisson.store.StoreListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code caisson release ...} against a real server. */
class ReleaseCliTest {
  @TempDir Path dir;
  FleetServer server;
  StringWriter out;
  StringWriter err;
  Path src;

  @BeforeEach
  void start() throws Exception {
    server = FleetServer.start(ServerConfig.defaults(dir.resolve("data"))
        .withListen(new InetSocketAddress("127.0.0.1", 0)).withToken(Optional.of("tok")), Clock.systemUTC(), e -> {});
    src = dir.resolve("src");
    Repo repo = Repo.init(src, RepoMode.ARCHIVE);
    for (String v : new String[] {"1.0", "1.1"}) {
      Path tree = Files.createDirectories(dir.resolve("tree-" + v).resolve("usr"));
      Files.writeString(tree.resolve("version"), v);
      new CommitWriter(repo, StoreListener.SILENT).commit(tree.getParent(), CommitWriter.Options.of("os/" + v));
    }
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    var cli = Main.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--server";
    all[args.length + 1] = server.uri().toString();
    all[args.length + 2] = "--token";
    all[args.length + 3] = "tok";
    return cli.execute(all);
  }

  @Test
  void publishListPauseResumeDeadendBarrier() throws Exception {
    assertThat(run("release", "publish", "--stream", "stable", "--version", "1.0", "--from", src.toString(),
        "--ref", "os/1.0")).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("published stable 1.0 x86_64 ");
    assertThat(run("release", "publish", "--stream", "stable", "--version", "1.1", "--from", src.toString(),
        "--ref", "os/1.1", "--start", "2020-01-01T00:00:00Z", "--duration", "60", "--max-per-period", "5",
        "--max-in-progress", "2")).as(err.toString()).isZero();
    assertThat(run("release", "list")).isZero();
    assertThat(out.toString()).contains("stream stable").contains("1.0").contains("rollout 100.0%");
    assertThat(run("release", "pause", "--stream", "stable", "--version", "1.1", "--reason", "bug 42")).isZero();
    assertThat(run("release", "list", "--stream", "stable")).isZero();
    assertThat(out.toString()).contains("PAUSED: bug 42");
    var graph = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(server.uri() + "v1/graph?basearch=x86_64&stream=stable")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(graph).endsWith("\"edges\":[]}");
    assertThat(run("release", "resume", "--stream", "stable", "--version", "1.1")).isZero();
    assertThat(run("release", "deadend", "--stream", "stable", "--version", "1.0", "--reason", "https://x")).isZero();
    assertThat(run("release", "barrier", "--stream", "stable", "--version", "1.1", "--reason", "keys")).isZero();
    assertThat(run("release", "list")).isZero();
    assertThat(out.toString()).doesNotContain("PAUSED").contains("dead-end: https://x").contains("barrier: keys");
  }

  @Test
  void refusalsAreShortMessages() {
    assertThat(run("release", "pause", "--stream", "nope", "--version", "1")).isEqualTo(1);
    assertThat(err.toString()).contains("the server refused (400): no stream nope").doesNotContain("\tat ");
    var cli = Main.newCommandLine();
    var e = new StringWriter();
    cli.setErr(new PrintWriter(e, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    assertThat(cli.execute("release", "list", "--server", server.uri().toString(), "--token", "wrong")).isEqualTo(1);
    assertThat(e.toString()).contains("401").doesNotContain("wrong");
  }

  @Test
  void helpListsServerAndRelease() {
    var cli = Main.newCommandLine();
    var o = new StringWriter();
    cli.setOut(new PrintWriter(o, true));
    assertThat(cli.execute("--help")).isZero();
    assertThat(o.toString()).contains("server").contains("release");
    for (String verb : new String[] {"publish", "pause", "resume", "deadend", "barrier", "list"}) {
      var c = Main.newCommandLine();
      var h = new StringWriter();
      c.setOut(new PrintWriter(h, true));
      assertThat(c.execute("release", verb, "--help")).as(verb).isZero();
      assertThat(h.toString()).contains("--stream");
    }
  }
}
