package dev.caisson.cli.release;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

/** {@code --stream S --version V}: the release a verb acts on. */
final class Target {
  @Option(names = "--stream", required = true, paramLabel = "S", description = "The stream.")
  String stream;

  @Option(names = "--version", required = true, paramLabel = "V", description = "The release's version.")
  String version;

  ObjectNode body(AdminClient client) {
    return client.json().createObjectNode().put("stream", stream).put("version", version);
  }

  /**
   * Posts {@code releases/ACTION} for this release with an optional reason and extra fields, and
   * prints {@code ACTION: STREAM VERSION}: the whole of the pause, barrier and dead-end verbs.
   */
  void mark(AdminClient client, String action, String reason, ObjectNode extra, java.io.PrintWriter out)
      throws java.io.IOException, InterruptedException {
    ObjectNode body = body(client);
    if (reason != null) {
      body.put("reason", reason);
    }
    body.setAll(extra);
    client.post("releases/" + action, body);
    out.println(action + ": " + stream + " " + version);
  }
}
