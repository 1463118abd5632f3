package dev.caisson.cli.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caisson.cli.UserException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the server's admin API; a refusal becomes a {@link UserException} with the server's words. */
final class AdminClient {
  private final URI base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final ObjectMapper json = new ObjectMapper();

  AdminClient(URI server, String token) {
    this.base = server.toString().endsWith("/") ? server : URI.create(server + "/");
    this.token = token;
  }

  ObjectMapper json() {
    return json;
  }

  JsonNode get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve("v1/admin/" + path)).GET());
  }

  JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve("v1/admin/" + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
  }

  private JsonNode send(HttpRequest.Builder b) throws IOException, InterruptedException {
    HttpResponse<String> r;
    try {
      r = http.send(b.header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(30)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.net.ConnectException e) {
      throw new UserException("cannot reach the server at " + base);
    }
    if (r.statusCode() != 200) {
      String why = r.body();
      try {
        JsonNode err = json.readTree(r.body());
        why = err.path("value").asText(r.body()) + " (" + err.path("kind").asText() + ")";
      } catch (IOException e) {
        // not JSON: show it as it came
      }
      throw new UserException("the server refused (" + r.statusCode() + "): " + why);
    }
    return json.readTree(r.body());
  }
}
