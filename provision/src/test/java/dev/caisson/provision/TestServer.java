package dev.caisson.provision;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An HTTP server on 127.0.0.1, port 0, serving fixed bodies, with injectable failures and delays. */
final class TestServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, String> bodies = new ConcurrentHashMap<>();
  final AtomicInteger failuresLeft = new AtomicInteger();
  final AtomicInteger requests = new AtomicInteger();
  volatile long delayMs;

  TestServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      requests.incrementAndGet();
      try {
        if (delayMs > 0) {
          Thread.sleep(delayMs);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      String body = bodies.get(ex.getRequestURI().getPath());
      int status = failuresLeft.getAndDecrement() > 0 ? 500 : body == null ? 404 : 200;
      byte[] out = (status == 200 ? body : "error").getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, out.length);
      ex.getResponseBody().write(out);
      ex.close();
    });
    server.start();
  }

  String put(String path, String body) {
    bodies.put(path, body);
    return url(path);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
