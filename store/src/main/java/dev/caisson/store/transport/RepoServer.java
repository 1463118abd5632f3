package dev.caisson.store.transport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a repository's files over HTTP/1.1 with keep-alive, as any static web server would, so that
 * {@code ostree pull} and {@code caisson repo pull} can fetch from it, and answers Caisson's batched
 * object fetch ({@link ObjectPack}, a POST) besides. Otherwise only GET and HEAD; nothing
 * outside the repository is reachable (no {@code ..}, no symlinks out). Binds where it is told;
 * callers default to 127.0.0.1.
 */
public final class RepoServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final RepoFiles files;
  private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[256 << 10]);

  public RepoServer(Path repo, InetSocketAddress listen) throws IOException {
    this.files = new RepoFiles(repo);
    // the JDK server writes a response's headers and body separately: without TCP_NODELAY, Nagle's
    // algorithm holds the body until the client's delayed ACK (up to 40 ms per object on a pull).
    // Read once, when the server classes initialise; an explicit -D setting wins.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    this.server = HttpServer.create(listen, 64);
    this.executor = Executors.newFixedThreadPool(8);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The address actually bound (useful with port 0). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  public URI uri() {
    return URI.create("http://" + address().getHostString() + ":" + address().getPort() + "/");
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      if (method.equals("POST") && ex.getRequestURI().getPath().equals("/" + ObjectPack.PATH)) {
        pack(ex);
        return;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        ex.getResponseHeaders().add("Allow", "GET, HEAD");
        ex.sendResponseHeaders(405, -1);
        return;
      }
      var found = files.resolveFile(ex.getRequestURI().getPath());
      if (found.isEmpty()) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      Path p = found.get().path();
      long size = found.get().size();
      ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
      if (method.equals("HEAD")) {
        ex.getResponseHeaders().add("Content-Length", Long.toString(size));
        ex.sendResponseHeaders(200, -1);
        return;
      }
      ex.sendResponseHeaders(200, size == 0 ? -1 : size);
      if (size > 0) {
        // in chunks of up to 256 KiB: the server's body stream writes each call to the socket, and
        // transferTo's 8 KiB made a syscall (and a read on the client) per 8 KiB
        byte[] buf = BUFFER.get();
        try (InputStream in = Files.newInputStream(p); OutputStream out = ex.getResponseBody()) {
          for (int n; (n = in.readNBytes(buf, 0, buf.length)) > 0; ) {
            out.write(buf, 0, n);
          }
        }
      }
    }
  }

  /** Caisson's batched fetch ({@link ObjectPack}): many objects in one answer. */
  private void pack(HttpExchange ex) throws IOException {
    String declared = ex.getRequestHeaders().getFirst("Content-Length");
    long length;
    try {
      length = declared == null ? -1 : Long.parseLong(declared.strip());
    } catch (NumberFormatException e) {
      length = -1;
    }
    if (length < 0 || length > ObjectPack.MAX_REQUEST_BYTES) {
      ex.sendResponseHeaders(length < 0 ? 411 : 413, -1);
      return;
    }
    byte[] body = ex.getRequestBody().readNBytes((int) length);
    java.util.List<ObjectPack.Wanted> wanted;
    try {
      if (body.length != length) {
        throw new dev.caisson.store.StoreException("the request body ended early");
      }
      wanted = ObjectPack.decode(body);
    } catch (dev.caisson.store.StoreException e) {
      byte[] why = (e.getMessage() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
      ex.sendResponseHeaders(400, why.length);
      ex.getResponseBody().write(why);
      return;
    }
    ObjectPack.Plan plan = ObjectPack.plan(files, wanted);
    ex.getResponseHeaders().add("Content-Type", ObjectPack.CONTENT_TYPE);
    ex.sendResponseHeaders(200, plan.length());
    try (OutputStream out = ex.getResponseBody()) {
      ObjectPack.write(plan, out, BUFFER.get());
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
