package dev.caisson.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** One request and its response, with the few ways this server answers (JSON, JSON errors, text, HTML). */
public final class Exchange {
  static final int MAX_BODY = 1 << 20;

  final Request request;
  final Response response;
  final Callback callback;
  final String path;
  private int status;
  private boolean bodyRead;

  Exchange(Request request, Response response, Callback callback) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.path = Request.getPathInContext(request);
  }

  String method() {
    return request.getMethod();
  }

  String header(String name) {
    return request.getHeaders().get(name);
  }

  int status() {
    return status;
  }

  Map<String, String> query() {
    var out = new HashMap<String, String>();
    var fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    for (var f : fields) {
      out.put(f.getName(), f.getValue());
    }
    return out;
  }

  /** The body as text; null when it is larger than {@link #MAX_BODY}. */
  String body() throws IOException {
    bodyRead = true;
    long length = request.getLength();
    if (length > MAX_BODY) {
      return null;
    }
    String s = Content.Source.asString(request, StandardCharsets.UTF_8);
    return s.length() > MAX_BODY ? null : s;
  }

  /** The body's bytes; null when it is larger than {@code max} or of unknown length. */
  byte[] bodyBytes(int max) throws IOException {
    bodyRead = true;
    long length = request.getLength();
    if (length < 0 || length > max) {
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      return null;
    }
    byte[] bytes = Content.Source.asInputStream(request).readNBytes((int) length);
    return bytes.length == length ? bytes : null;
  }

  void send(int code, String contentType, byte[] bytes) {
    status = code;
    drainUnreadBody();
    response.setStatus(code);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    if (method().equals("HEAD")) {
      response.write(true, null, callback);
    } else {
      response.write(true, ByteBuffer.wrap(bytes), callback);
    }
  }

  /**
   * Reads and drops a request body the handler did not read (a refusal before the body was looked
   * at), so that the connection can carry the client's next request. Left unread, the server closes
   * the connection after the reply, and a client that already reuses it sees no reply at all. A body
   * too large or of unknown length is not read: the reply then says the connection closes.
   */
  private void drainUnreadBody() {
    if (bodyRead) {
      return;
    }
    bodyRead = true;
    long length = request.getLength();
    if (length == 0) {
      return;
    }
    if (length > 0 && length <= MAX_BODY) {
      try {
        Content.Source.consumeAll(request);
        return;
      } catch (IOException e) {
        // the client went away or sent less than it announced: nothing more to keep alive
      }
    }
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
  }

  void json(int code, Object value, ObjectMapper json) throws IOException {
    send(code, "application/json", json.writeValueAsBytes(value));
  }

  /** The error shape FleetLock and Cincinnati share: {@code {"kind": ..., "value": ...}}. */
  void error(int code, String kind, String value, ObjectMapper json) throws IOException {
    json(code, Map.of("kind", kind, "value", value), json);
  }

  void text(int code, String contentType, String text) {
    send(code, contentType, text.getBytes(StandardCharsets.UTF_8));
  }

  /** 405 with the allowed methods, as a JSON error. */
  void methodNotAllowed(String allow, ObjectMapper json) throws IOException {
    response.getHeaders().put(HttpHeader.ALLOW, allow);
    error(405, "method_not_allowed", method() + " is not allowed here; use " + allow, json);
  }

  void setStatusOnly(int code) {
    status = code;
    drainUnreadBody();
  }
}
