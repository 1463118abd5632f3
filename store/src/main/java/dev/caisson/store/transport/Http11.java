package dev.caisson.store.transport;

import dev.caisson.store.StoreException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A small HTTP/1.1 client for plain {@code http://} remotes: GET only, on kept-alive sockets taken
 * from a pool (one per thread in flight), {@code Content-Length} and chunked bodies. It costs a
 * fraction of the JDK {@code HttpClient}'s CPU per request (no selector thread, no reactive body
 * pipeline), which matters for a pull's thousands of small objects. Anything but 200 and 404
 * (redirects included) is reported as such, and the caller falls back to the JDK client.
 */
final class Http11 implements AutoCloseable {
  /** A GET's outcome: a 200's body, or 404 ({@code body} null), or another status. */
  record Response(int status, byte[] body) {}

  private static final int CONNECT_TIMEOUT_MS = 30_000;
  private static final int READ_TIMEOUT_MS = 300_000;
  private static final int MAX_HEADER = 64 << 10;

  private final String host;
  private final int port;
  private final String hostHeader;
  private final ConcurrentLinkedDeque<Conn> idle = new ConcurrentLinkedDeque<>();

  Http11(URI base) {
    this.host = base.getHost();
    this.port = base.getPort() == -1 ? 80 : base.getPort();
    this.hostHeader = base.getPort() == -1 ? host : host + ":" + port;
  }

  private static final class Conn {
    final Socket socket;
    final InputStream in;
    final OutputStream out;

    Conn(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream(), 64 << 10);
      this.out = socket.getOutputStream();
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a socket we give up on
      }
    }
  }

  private Conn open() throws IOException {
    var s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
      s.setSoTimeout(READ_TIMEOUT_MS);
      return new Conn(s);
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /**
   * GETs {@code uri} (on this client's host). A kept-alive connection the server has closed in the
   * meantime is replaced at once; other failures are thrown for the caller's retries.
   */
  Response get(URI uri) throws IOException {
    Conn c = idle.pollFirst();
    boolean reused = c != null;
    if (c == null) {
      c = open();
    }
    try {
      return exchange(c, uri);
    } catch (StaleConnection e) {
      c.close();
      if (!reused) {
        throw new EOFException("the server closed the connection before answering GET " + uri);
      }
      Conn fresh = open();
      try {
        return exchange(fresh, uri);
      } catch (IOException e2) {
        fresh.close();
        throw e2;
      }
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** The server closed a kept-alive connection before a byte of the response came. */
  private static final class StaleConnection extends IOException {
    StaleConnection() {
      super("stale connection");
    }
  }

  private Response exchange(Conn c, URI uri) throws IOException {
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    c.out.write(("GET " + target + " HTTP/1.1\r\nHost: " + hostHeader
        + "\r\nUser-Agent: caisson\r\nAccept-Encoding: identity\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    c.out.flush();
    int first = c.in.read();
    if (first < 0) {
      throw new StaleConnection();
    }
    String status = line(c.in, first);
    // "HTTP/1.1 200 OK"
    if (!status.startsWith("HTTP/1.") || status.length() < 12) {
      throw new StoreException("GET " + uri + ": not an HTTP/1.x response: " + status);
    }
    int code;
    try {
      code = Integer.parseInt(status.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new StoreException("GET " + uri + ": bad status line: " + status);
    }
    long length = -1;
    boolean chunked = false;
    boolean close = status.startsWith("HTTP/1.0");
    int headerBytes = status.length();
    for (String h; !(h = line(c.in, c.in.read())).isEmpty(); ) {
      headerBytes += h.length();
      if (headerBytes > MAX_HEADER) {
        throw new StoreException("GET " + uri + ": response headers too large");
      }
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> {
          try {
            length = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new StoreException("GET " + uri + ": bad Content-Length: " + value);
          }
        }
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> {
          String v = value.toLowerCase(Locale.ROOT);
          if (v.contains("close")) {
            close = true;
          } else if (v.contains("keep-alive")) {
            close = false;
          }
        }
        default -> {
          // not needed
        }
      }
    }
    byte[] body;
    if (chunked) {
      body = readChunked(c.in, uri);
    } else if (length >= 0) {
      if (length > Integer.MAX_VALUE - 16) {
        throw new StoreException("GET " + uri + ": a body of " + length + " bytes is too large");
      }
      body = c.in.readNBytes((int) length);
      if (body.length != length) {
        throw new EOFException("GET " + uri + ": the body ended after " + body.length + " of " + length + " bytes");
      }
    } else if (code == 204 || code == 304 || code / 100 == 1) {
      body = new byte[0];
    } else {
      body = c.in.readAllBytes(); // until the server closes
      close = true;
    }
    if (close) {
      c.close();
    } else {
      idle.addFirst(c);
    }
    return new Response(code, code == 200 ? body : null);
  }

  private static byte[] readChunked(InputStream in, URI uri) throws IOException {
    var out = new java.io.ByteArrayOutputStream();
    while (true) {
      String size = line(in, in.read());
      int semi = size.indexOf(';');
      long n;
      try {
        n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new StoreException("GET " + uri + ": bad chunk size: " + size);
      }
      if (n == 0) {
        while (!line(in, in.read()).isEmpty()) {
          // trailers
        }
        return out.toByteArray();
      }
      if (n < 0 || out.size() + n > Integer.MAX_VALUE - 16) {
        throw new StoreException("GET " + uri + ": a chunked body too large");
      }
      byte[] chunk = in.readNBytes((int) n);
      if (chunk.length != n) {
        throw new EOFException("GET " + uri + ": the body ended inside a chunk");
      }
      out.write(chunk);
      if (!line(in, in.read()).isEmpty()) {
        throw new StoreException("GET " + uri + ": no CRLF after a chunk");
      }
    }
  }

  /** One CRLF- (or LF-) terminated header line, starting with the byte {@code first}. */
  private static String line(InputStream in, int first) throws IOException {
    var sb = new StringBuilder();
    int b = first;
    while (true) {
      if (b < 0) {
        throw new EOFException("the connection closed inside the response headers");
      }
      if (b == '\n') {
        break;
      }
      if (b != '\r') {
        sb.append((char) b);
        if (sb.length() > MAX_HEADER) {
          throw new StoreException("a response header line is too long");
        }
      }
      b = in.read();
    }
    return sb.toString();
  }

  @Override
  public void close() {
    for (Conn c; (c = idle.pollFirst()) != null; ) {
      c.close();
    }
  }
}
