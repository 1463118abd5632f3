package dev.caisson.server.graph;

/** What a graph request gets: the Cincinnati JSON, or an error with an HTTP status and a {@code kind}. */
public sealed interface GraphAnswer {
  record Graph(byte[] body, int edges) implements GraphAnswer {}

  record Refused(int status, String kind, String value) implements GraphAnswer {}
}
