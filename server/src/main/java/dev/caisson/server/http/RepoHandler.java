package dev.caisson.server.http;

import dev.caisson.store.transport.RepoFiles;
import java.io.IOException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/** {@code /repo/...}: the archive repository, as files, with the store's own rules on what may be served. */
final class RepoHandler {
  private final RepoFiles files;

  RepoHandler(RepoFiles files) {
    this.files = files;
  }

  void handle(Exchange ex) throws IOException {
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
}
