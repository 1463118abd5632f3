package dev.caisson.store;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.caisson.store.transport.ObjectPack;
import dev.caisson.store.transport.RepoFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server for pull tests: serves a repository's files to GET, as any static web server does, and
 * refuses a POST (405), as nginx does; or, {@code breakPacks}, answers a pack by promising the whole
 * body and hanging up halfway, as a server that dies mid-answer does.
 */
final class StaticServer implements AutoCloseable {
  private final HttpServer server;
  private final RepoFiles files;
  private final boolean breakPacks;
  private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(4);
  final AtomicInteger gets = new AtomicInteger();
  final AtomicInteger posts = new AtomicInteger();

  StaticServer(Path repo, boolean breakPacks) throws IOException {
    this.files = new RepoFiles(repo);
    this.breakPacks = breakPacks;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (ex.getRequestMethod().equals("POST")) {
        posts.incrementAndGet();
        byte[] body = ex.getRequestBody().readAllBytes();
        if (!breakPacks) {
          ex.sendResponseHeaders(405, -1);
          return;
        }
        var plan = ObjectPack.plan(files, ObjectPack.decode(body));
        var whole = new java.io.ByteArrayOutputStream();
        ObjectPack.write(plan, whole, new byte[1 << 16]);
        ex.sendResponseHeaders(200, plan.length());
        OutputStream out = ex.getResponseBody();
        out.write(whole.toByteArray(), 0, whole.size() / 2);
        out.flush();
        throw new IOException("hanging up halfway through a pack, as the test asks");
      }
      gets.incrementAndGet();
      var f = files.resolveFile(ex.getRequestURI().getPath());
      if (f.isEmpty()) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      byte[] bytes = Files.readAllBytes(f.get().path());
      ex.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
      ex.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
