package dev.caisson.agent.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code GET <base>/v1/graph?...} with {@code Accept: application/json}. A non-200 answer becomes a
 * {@link GraphException} with the server's {@code kind} when it sent JSON, else
 * {@code generic_http_<code>}, as Zincati does.
 */
public final class GraphClient implements GraphSource {
  private final URI base;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  public GraphClient(URI base, HttpClient http) {
    this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    this.http = http;
  }

  @Override
  public UpdateGraph fetch(GraphQuery query) throws GraphException {
    URI uri = base.resolve("v1/graph?" + query.queryString());
    HttpRequest req = HttpRequest.newBuilder(uri).header("Accept", "application/json")
        .timeout(Duration.ofSeconds(30)).GET().build();
    HttpResponse<byte[]> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new GraphException("http_transport", "cannot reach " + base + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GraphException("http_transport", "interrupted");
    }
    if (resp.statusCode() != 200) {
      String kind = "generic_http_" + resp.statusCode();
      String value = "";
      try {
        JsonNode err = json.readTree(resp.body());
        if (err != null && err.path("kind").isTextual()) {
          kind = err.get("kind").asText();
          value = err.path("value").asText("");
        }
      } catch (IOException e) {
        // not JSON: keep the generic kind
      }
      throw new GraphException(kind, "graph request failed with HTTP " + resp.statusCode()
          + (value.isEmpty() ? "" : ": " + value));
    }
    return UpdateGraph.parse(resp.body(), json);
  }
}
