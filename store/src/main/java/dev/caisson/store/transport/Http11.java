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
 * A small HTTP/1.1 client for plain {@code http://} remotes: GET, and the POST of Caisson's batched
 * fetch ({@link ObjectPack}) with its answer streamed, on kept-alive sockets taken from a pool (one
 * per thread in flight), {@code Content-Length} and chunked bodies. It costs a
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
    return onConnection("GET " + uri, c -> exchange(c, uri));
  }

  /** One request and the reading of its answer's head, on a connection it is given. */
  private interface Exchange<T> {
    T on(Conn c) throws IOException;
  }

  /**
   * Runs {@code exchange} on a pooled connection, or a new one. A pooled connection the server
   * closed meanwhile ({@link StaleConnection}) is replaced at once and the request sent again;
   * any other failure closes the connection and is thrown.
   */
  private <T> T onConnection(String what, Exchange<T> exchange) throws IOException {
    Conn c = idle.pollFirst();
    boolean reused = c != null;
    if (c == null) {
      c = open();
    }
    try {
      return exchange.on(c);
    } catch (StaleConnection e) {
      c.close();
      if (!reused) {
        throw new EOFException("the server closed the connection before answering " + what);
      }
      Conn fresh = open();
      try {
        return exchange.on(fresh);
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

  /** A request line's target: the path and query as the URI has them. */
  private static String target(URI uri) {
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  private Response exchange(Conn c, URI uri) throws IOException {
    c.out.write(("GET " + target(uri) + " HTTP/1.1\r\nHost: " + hostHeader
        + "\r\nUser-Agent: caisson\r\nAccept-Encoding: identity\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    c.out.flush();
    Head head = head(c, "GET " + uri);
    byte[] body = readBody(c, head, "GET " + uri);
    release(c, head.close());
    return new Response(head.code(), head.code() == 200 ? body : null);
  }

  /** A response's status line and the headers that frame its body. */
  private record Head(int code, long length, boolean chunked, boolean close) {}

  private Head head(Conn c, String what) throws IOException {
    int first = c.in.read();
    if (first < 0) {
      throw new StaleConnection();
    }
    String status = line(c.in, first);
    // "HTTP/1.1 200 OK"
    if (!status.startsWith("HTTP/1.") || status.length() < 12) {
      throw new StoreException(what + ": not an HTTP/1.x response: " + status);
    }
    int code;
    try {
      code = Integer.parseInt(status.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new StoreException(what + ": bad status line: " + status);
    }
    long length = -1;
    boolean chunked = false;
    boolean close = status.startsWith("HTTP/1.0");
    int headerBytes = status.length();
    for (String h; !(h = line(c.in, c.in.read())).isEmpty(); ) {
      headerBytes += h.length();
      if (headerBytes > MAX_HEADER) {
        throw new StoreException(what + ": response headers too large");
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
            throw new StoreException(what + ": bad Content-Length: " + value);
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
    if (chunked) {
      length = -1;
    } else if (length < 0 && (code == 204 || code == 304 || code / 100 == 1)) {
      length = 0;
    } else if (length < 0) {
      close = true; // the body runs until the server closes
    }
    return new Head(code, length, chunked, close);
  }

  /** The whole body the head announces. */
  private static byte[] readBody(Conn c, Head head, String what) throws IOException {
    if (head.chunked()) {
      return readChunked(c.in, what);
    }
    if (head.length() < 0) {
      return c.in.readAllBytes();
    }
    if (head.length() > Integer.MAX_VALUE - 16) {
      throw new StoreException(what + ": a body of " + head.length() + " bytes is too large");
    }
    byte[] body = c.in.readNBytes((int) head.length());
    if (body.length != head.length()) {
      throw new EOFException(what + ": the body ended after " + body.length + " of " + head.length() + " bytes");
    }
    return body;
  }

  private void release(Conn c, boolean close) {
    if (close) {
      c.close();
    } else {
      idle.addFirst(c);
    }
  }

  /**
   * A POST's answer, its body read as it arrives. Closing it returns the connection to the pool when
   * the body was read to its end, and drops the connection otherwise.
   */
  final class Streamed implements AutoCloseable {
    private final Conn conn;
    private final int status;
    private final boolean close;
    private final InputStream body;
    private long left;

    private Streamed(Conn conn, Head head, String what) throws IOException {
      this.conn = conn;
      this.status = head.code();
      if (head.length() >= 0 && !head.chunked()) {
        this.close = head.close();
        this.left = head.length();
        this.body = new InputStream() {
          @Override
          public int read() throws IOException {
            if (left == 0) {
              return -1;
            }
            int b = conn.in.read();
            if (b < 0) {
              throw new EOFException(what + ": the body ended " + left + " bytes early");
            }
            left--;
            return b;
          }

          @Override
          public int read(byte[] buf, int off, int len) throws IOException {
            if (len == 0) {
              return 0;
            }
            if (left == 0) {
              return -1;
            }
            int n = conn.in.read(buf, off, (int) Math.min(len, left));
            if (n < 0) {
              throw new EOFException(what + ": the body ended " + left + " bytes early");
            }
            left -= n;
            return n;
          }
        };
      } else { // chunked, or until the server closes: read whole (not what a Caisson server sends)
        this.body = new java.io.ByteArrayInputStream(readBody(conn, head, what));
        this.close = head.close();
      }
    }

    int status() {
      return status;
    }

    InputStream body() {
      return body;
    }

    @Override
    public void close() {
      release(conn, close || left != 0);
    }
  }

  /**
   * POSTs {@code body} to {@code uri} and returns the answer unread. As with GET, a kept-alive
   * connection the server closed meanwhile is replaced at once (the caller posts only requests that
   * are safe to repeat).
   */
  Streamed post(URI uri, String contentType, byte[] body) throws IOException {
    return onConnection("POST " + uri, c -> postOn(c, uri, contentType, body));
  }

  private Streamed postOn(Conn c, URI uri, String contentType, byte[] body) throws IOException {
    c.out.write(("POST " + target(uri) + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUser-Agent: caisson\r\n"
        + "Accept-Encoding: identity\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    c.out.write(body);
    c.out.flush();
    return new Streamed(c, head(c, "POST " + uri), "POST " + uri);
  }

  private static byte[] readChunked(InputStream in, String what) throws IOException {
    var out = new java.io.ByteArrayOutputStream();
    while (true) {
      String size = line(in, in.read());
      int semi = size.indexOf(';');
      long n;
      try {
        n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new StoreException(what + ": bad chunk size: " + size);
      }
      if (n == 0) {
        while (!line(in, in.read()).isEmpty()) {
          // trailers
        }
        return out.toByteArray();
      }
      if (n < 0 || out.size() + n > Integer.MAX_VALUE - 16) {
        throw new StoreException(what + ": a chunked body too large");
      }
      byte[] chunk = in.readNBytes((int) n);
      if (chunk.length != n) {
        throw new EOFException(what + ": the body ended inside a chunk");
      }
      out.write(chunk);
      if (!line(in, in.read()).isEmpty()) {
        throw new StoreException(what + ": no CRLF after a chunk");
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
