package dev.caisson.server.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caisson.server.store.Release;
import dev.caisson.server.store.StreamRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The unthrottled graph of one stream and architecture, as fcos-graph-builder makes it: releases without a
 * commit for the arch are dropped (after {@code age_index} is assigned, so indexes can have gaps); a release with
 * a rollout or a barrier gets edges from every node since the nearest earlier barrier; dead-ends lose their
 * outgoing edges. The node list is serialized once, here; requests only add their edges.
 */
public final class StreamGraph {
  private final List<GraphNode> nodes;
  private final List<int[]> edges;
  private final byte[] nodesJson;

  private StreamGraph(List<GraphNode> nodes, List<int[]> edges, byte[] nodesJson) {
    this.nodes = nodes;
    this.edges = edges;
    this.nodesJson = nodesJson;
  }

  public static StreamGraph build(StreamRecord stream, String arch, ObjectMapper json) {
    var nodes = new ArrayList<GraphNode>();
    List<Release> releases = stream.releases();
    for (int age = 0; age < releases.size(); age++) {
      Release r = releases.get(age);
      String payload = r.payloads().get(arch);
      if (payload != null) {
        nodes.add(new GraphNode(r, payload, age, metadata(r, age)));
      }
    }
    var edges = new ArrayList<int[]>();
    int barrier = 0;
    for (int t = 0; t < nodes.size(); t++) {
      Release r = nodes.get(t).release();
      if (r.rollout().isPresent() || r.barrier().isPresent()) {
        for (int from = barrier; from < t; from++) {
          if (nodes.get(from).release().deadend().isEmpty()) {
            edges.add(new int[] {from, t});
          }
        }
      }
      if (r.barrier().isPresent()) {
        barrier = t;
      }
    }
    return new StreamGraph(List.copyOf(nodes), List.copyOf(edges), serialize(nodes, json));
  }

  private static Map<String, String> metadata(Release r, long age) {
    var m = new LinkedHashMap<String, String>();
    m.put(Metadata.AGE_INDEX, Long.toString(age));
    m.put(Metadata.SCHEME, "checksum");
    r.barrier().ifPresent(reason -> {
      m.put(Metadata.BARRIER, "true");
      m.put(Metadata.BARRIER_REASON, reason);
    });
    r.deadend().ifPresent(reason -> {
      m.put(Metadata.DEADEND, "true");
      m.put(Metadata.DEADEND_REASON, reason);
    });
    r.rollout().ifPresent(ro -> {
      m.put(Metadata.ROLLOUT, "true");
      m.put(Metadata.START_EPOCH, Long.toString(ro.startEpoch()));
      m.put(Metadata.START_VALUE, Double.toString(ro.startValue()));
      ro.durationMinutes().ifPresent(d -> m.put(Metadata.DURATION, Long.toString(d)));
    });
    return m;
  }

  private static byte[] serialize(List<GraphNode> nodes, ObjectMapper json) {
    ArrayNode array = json.createArrayNode();
    for (GraphNode n : nodes) {
      ObjectNode o = array.addObject();
      o.put("version", n.version());
      o.put("payload", n.payload());
      ObjectNode meta = o.putObject("metadata");
      n.metadata().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> meta.put(e.getKey(), e.getValue()));
    }
    try {
      return json.writeValueAsString(array).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public List<GraphNode> nodes() {
    return nodes;
  }

  /** The unthrottled edges, {@code [from, to]} indexes into {@link #nodes()}. */
  public List<int[]> edges() {
    return edges;
  }

  /** The edges a client of this wariness sees at {@code nowEpoch}: paused targets and throttled rollouts removed. */
  public List<int[]> edgesFor(double wariness, long nowEpoch) {
    var out = new ArrayList<int[]>(edges.size());
    for (int[] e : edges) {
      Release to = nodes.get(e[1]).release();
      if (to.pause().isPresent()) {
        continue;
      }
      if (to.rollout().isPresent() && wariness > to.rollout().get().throttle(nowEpoch)) {
        continue;
      }
      out.add(e);
    }
    return out;
  }

  /** The response body: the cached node list and these edges. */
  public byte[] body(List<int[]> chosen) {
    var edgesJson = new StringBuilder(",\"edges\":[");
    for (int i = 0; i < chosen.size(); i++) {
      if (i > 0) {
        edgesJson.append(',');
      }
      edgesJson.append('[').append(chosen.get(i)[0]).append(',').append(chosen.get(i)[1]).append(']');
    }
    edgesJson.append("]}");
    byte[] tail = edgesJson.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[9 + nodesJson.length + tail.length];
    System.arraycopy("{\"nodes\":".getBytes(StandardCharsets.US_ASCII), 0, out, 0, 9);
    System.arraycopy(nodesJson, 0, out, 9, nodesJson.length);
    System.arraycopy(tail, 0, out, 9 + nodesJson.length, tail.length);
    return out;
  }
}
