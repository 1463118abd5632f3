package dev.caisson.server.http;

import dev.caisson.store.StoreException;
import dev.caisson.store.transport.ObjectPack;
import dev.caisson.store.transport.RepoFiles;
import java.io.IOException;
import java.io.OutputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/**
 * {@code /repo/...}: the archive repository, as files, with the store's own rules on what may be
 * served; and Caisson's batched object fetch ({@link ObjectPack}, a POST), so that agents pull an
 * update in dozens of requests rather than one per object.
 */
final class RepoHandler {
  private static final String PACK = "/repo/" + ObjectPack.PATH;
  private final RepoFiles files;

  RepoHandler(RepoFiles files) {
    this.files = files;
  }

  void handle(Exchange ex) throws IOException {
    if (ex.method().equals("POST") && ex.path.equals(PACK)) {
      pack(ex);
      return;
    }
    if (!ex.method().equals("GET") && !ex.method().equals("HEAD")) {
      ex.response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      ex.text(405, "text/plain", "");
      return;
    }
    var file = files.resolveFile(ex.path.substring("/repo".length()));
    if (file.isEmpty()) {
      ex.text(404, "text/plain", "not found\n");
      return;
    }
    ex.setStatusOnly(200);
    ex.response.setStatus(200);
    ex.response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
    ex.response.getHeaders().put(HttpHeader.CONTENT_LENGTH, file.get().size());
    if (ex.method().equals("HEAD")) {
      ex.response.write(true, null, ex.callback);
    } else {
      Content.copy(Content.Source.from(file.get().path()), ex.response, ex.callback);
    }
  }

  private void pack(Exchange ex) throws IOException {
    byte[] body = ex.bodyBytes(ObjectPack.MAX_REQUEST_BYTES);
    if (body == null) {
      ex.text(413, "text/plain", "an object pack request names at most " + ObjectPack.MAX_OBJECTS + " objects\n");
      return;
    }
    ObjectPack.Plan plan;
    try {
      plan = ObjectPack.plan(files, ObjectPack.decode(body));
    } catch (StoreException e) {
      ex.text(400, "text/plain", e.getMessage() + "\n");
      return;
    }
    ex.setStatusOnly(200);
    ex.response.setStatus(200);
    ex.response.getHeaders().put(HttpHeader.CONTENT_TYPE, ObjectPack.CONTENT_TYPE);
    ex.response.getHeaders().put(HttpHeader.CONTENT_LENGTH, plan.length());
    try (OutputStream out = Content.Sink.asOutputStream(ex.response)) {
      ObjectPack.write(plan, out, new byte[256 << 10]);
    } catch (IOException | RuntimeException e) {
      ex.callback.failed(e); // the promised length cannot be kept: the connection is dropped
      return;
    }
    ex.callback.succeeded();
  }
}
