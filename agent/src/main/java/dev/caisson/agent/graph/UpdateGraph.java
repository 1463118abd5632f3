package dev.caisson.agent.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/** A Cincinnati graph: nodes, and edges as {@code [from, to]} indexes into them. */
public record UpdateGraph(List<Release> nodes, List<int[]> edges) {
  public UpdateGraph {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
    for (int[] e : edges) {
      if (e.length != 2 || e[0] < 0 || e[1] < 0 || e[0] >= nodes.size() || e[1] >= nodes.size()) {
        throw new IllegalArgumentException("an edge points outside the " + nodes.size() + " nodes");
      }
    }
  }

  /** Parses the JSON body of {@code GET /v1/graph}. */
  public static UpdateGraph parse(byte[] json, ObjectMapper mapper) throws GraphException {
    JsonNode root;
    try {
      root = mapper.readTree(json);
    } catch (IOException e) {
      throw new GraphException("graph_parse", "the graph is not JSON: " + e.getMessage());
    }
    if (root == null || !root.path("nodes").isArray() || !root.path("edges").isArray()) {
      throw new GraphException("graph_parse", "the graph has no nodes and edges arrays");
    }
    var nodes = new ArrayList<Release>();
    for (JsonNode n : root.get("nodes")) {
      var meta = new LinkedHashMap<String, String>();
      var it = n.path("metadata").fields();
      while (it.hasNext()) {
        var e = it.next();
        if (!e.getValue().isTextual()) {
          throw new GraphException("graph_parse", "metadata value of " + e.getKey() + " is not a string");
        }
        meta.put(e.getKey(), e.getValue().asText());
      }
      nodes.add(new Release(n.path("version").asText(""), n.path("payload").asText(""), meta));
    }
    var edges = new ArrayList<int[]>();
    for (JsonNode e : root.get("edges")) {
      if (!e.isArray() || e.size() != 2 || !e.get(0).canConvertToInt() || !e.get(1).canConvertToInt()) {
        throw new GraphException("graph_parse", "an edge is not [from, to]");
      }
      edges.add(new int[] {e.get(0).asInt(), e.get(1).asInt()});
    }
    try {
      return new UpdateGraph(nodes, edges);
    } catch (IllegalArgumentException e) {
      throw new GraphException("graph_parse", e.getMessage());
    }
  }

  /** The node whose payload is {@code checksum}. */
  public Optional<Integer> indexOfPayload(String checksum) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).payload().equals(checksum)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** The releases an edge leads to from node {@code from}. */
  public List<Release> targetsOf(int from) {
    var out = new ArrayList<Release>();
    for (int[] e : edges) {
      if (e[0] == from) {
        out.add(nodes.get(e[1]));
      }
    }
    return out;
  }
}
