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
}
