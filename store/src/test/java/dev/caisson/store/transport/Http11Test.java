package dev.caisson.store.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.store.Repo;
import dev.caisson.store.RepoMode;
import dev.caisson.store.StoreListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pull's HTTP/1.1 client against a scripted server: bodies, keep-alive, stale connections, statuses. */
class Http11Test {
  @TempDir Path tmp;

  /** What the scripted server answers to the n-th request (from 0) for a path; close after it or not. */
  record Reply(String raw, boolean close) {}

  private ServerSocket server;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final List<String> paths = new CopyOnWriteArrayList<>();

  private URI serve(Function<Integer, Reply> script) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          connections.incrementAndGet();
          Thread c = new Thread(() -> handle(s, script));
          c.setDaemon(true);
          c.start();
        } catch (IOException e) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/repo/");
  }

  private void handle(Socket s, Function<Integer, Reply> script) {
    try (s) {
      var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
      OutputStream out = s.getOutputStream();
      for (String line; (line = in.readLine()) != null; ) {
        paths.add(line.split(" ")[1]);
        while (!in.readLine().isEmpty()) {
          // headers
        }
        Reply r = script.apply(requests.getAndIncrement());
        out.write(r.raw().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        if (r.close()) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private static Reply ok(String body) {
    return new Reply("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body, false);
  }

  @Test
  void keptAliveConnectionsAreReusedAndChunkedBodiesAssembled() throws Exception {
    URI base = serve(n -> n % 2 == 0 ? ok("body " + n)
        : new Reply("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4;x=y\r\ndefg\r\n0\r\n\r\n", false));
    try (var http = new Http11(base)) {
      for (int i = 0; i < 6; i++) {
        Http11.Response r = http.get(base.resolve("objects/f" + i));
        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.ISO_8859_1)).isEqualTo(i % 2 == 0 ? "body " + i : "abcdefg");
      }
    }
    assertThat(connections.get()).isEqualTo(1);
    assertThat(paths).containsExactly("/repo/objects/f0", "/repo/objects/f1", "/repo/objects/f2", "/repo/objects/f3",
        "/repo/objects/f4", "/repo/objects/f5");
  }

  @Test
  void aConnectionTheServerClosedIsReplacedAtOnce() throws Exception {
    // every reply claims keep-alive, but the server hangs up after it
    URI base = serve(n -> new Reply(ok("r" + n).raw(), true));
    try (var http = new Http11(base)) {
      for (int i = 0; i < 3; i++) {
        assertThat(new String(http.get(base.resolve("x")).body(), StandardCharsets.ISO_8859_1)).isEqualTo("r" + i);
      }
    }
    assertThat(connections.get()).isEqualTo(3);
  }

  @Test
  void statusesOtherThan200HaveNoBody() throws Exception {
    URI base = serve(n -> new Reply(n == 0 ? "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found"
        : "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", n != 0));
    try (var http = new Http11(base)) {
      Http11.Response missing = http.get(base.resolve("a"));
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.body()).isNull();
      assertThat(http.get(base.resolve("b")).status()).isEqualTo(500);
    }
  }

  @Test
  void thePullerRetriesAServerErrorAndFollowsARedirect() throws Exception {
    URI[] self = new URI[1];
    self[0] = serve(n -> switch (n) {
      case 0 -> new Reply("HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n", false);
      case 1, 2 -> new Reply("HTTP/1.1 302 Found\r\nLocation: " + self[0].resolve("moved") + "\r\nContent-Length: 0\r\n\r\n",
          false);
      default -> ok("there");
    });
    var puller = new Puller(Repo.init(tmp.resolve("r"), RepoMode.BARE_USER), self[0], StoreListener.SILENT);
    assertThat(puller.get("config").map(b -> new String(b, StandardCharsets.UTF_8))).contains("there");
    assertThat(paths).containsExactly("/repo/config", "/repo/config", "/repo/config", "/repo/moved");
  }
}
