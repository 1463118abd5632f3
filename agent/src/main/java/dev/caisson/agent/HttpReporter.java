package dev.caisson.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@code POST <url>} with the report as JSON (snake_case keys). */
public final class HttpReporter implements Reporter {
  private final URI url;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  public HttpReporter(URI url, HttpClient http) {
    this.url = url;
    this.http = http;
  }

  @Override
  public void report(NodeReport r) throws IOException {
    ObjectNode body = json.createObjectNode().put("node_uuid", r.nodeUuid()).put("stream", r.stream())
        .put("group", r.group()).put("state", r.state()).put("booted_version", r.bootedVersion())
        .put("booted_checksum", r.bootedChecksum()).put("staged_version", r.stagedVersion())
        .put("last_error", r.lastError());
    ArrayNode rb = body.putArray("rollbacks");
    for (NodeReport.Rollback x : r.rollbacks()) {
      rb.addObject().put("from_version", x.fromVersion()).put("to_version", x.toVersion());
    }
    HttpRequest req = HttpRequest.newBuilder(url).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    HttpResponse<String> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reporting", e);
    }
    if (resp.statusCode() / 100 != 2) {
      throw new IOException("report to " + url + " failed with HTTP " + resp.statusCode());
    }
  }
}
