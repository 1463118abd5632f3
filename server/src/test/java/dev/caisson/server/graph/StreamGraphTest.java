package dev.caisson.server.graph;

import static dev.caisson.server.graph.Releases.barrier;
import static dev.caisson.server.graph.Releases.deadend;
import static dev.caisson.server.graph.Releases.out;
import static dev.caisson.server.graph.Releases.paused;
import static dev.caisson.server.graph.Releases.plain;
import static dev.caisson.server.graph.Releases.rollout;
import static dev.caisson.server.graph.Releases.x86Only;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caisson.server.store.Json;
import dev.caisson.server.store.Release;
import dev.caisson.server.store.StreamRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StreamGraphTest {
  private static final long T0 = 1_591_279_200L; // 2020-06-04T14:00Z

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("empty stream", List.of(), "x86_64", 1.0, T0, "[]"),
        Arguments.of("index-only releases get no edges", List.of(plain("1"), plain("2")), "x86_64", 0.5, T0, "[]"),
        Arguments.of("every older release reaches a rolled-out one", List.of(plain("1"), plain("2"), out("3")),
            "x86_64", 1.0, T0, "[[0,2],[1,2]]"),
        Arguments.of("two rollouts", List.of(plain("1"), out("2"), out("3")), "x86_64", 1.0, T0,
            "[[0,1],[0,2],[1,2]]"),
        Arguments.of("a barrier must be crossed", List.of(out("1"), barrier(out("2")), out("3"), out("4")), "x86_64",
            1.0, T0, "[[0,1],[1,2],[1,3],[2,3]]"),
        Arguments.of("a barrier without a rollout still gets edges", List.of(plain("1"), barrier(plain("2")),
            out("3")), "x86_64", 1.0, T0, "[[0,1],[1,2]]"),
        Arguments.of("two barriers", List.of(plain("1"), barrier(out("2")), out("3"), barrier(out("4")), out("5")),
            "x86_64", 1.0, T0, "[[0,1],[1,2],[1,3],[2,3],[3,4]]"),
        Arguments.of("a dead-end has no way out", List.of(plain("1"), deadend(out("2")), out("3")), "x86_64", 1.0,
            T0, "[[0,1],[0,2]]"),
        Arguments.of("a paused release is reached by nobody", List.of(plain("1"), paused(out("2")), out("3")),
            "x86_64", 0.0, T0, "[[0,2],[1,2]]"),
        Arguments.of("a release without the arch is dropped", List.of(plain("1"), x86Only(out("2")), out("3")),
            "aarch64", 1.0, T0, "[[0,1]]"),
        Arguments.of("rollout before its start: no computed wariness", List.of(plain("1"),
            rollout("2", T0, 0.0, 2880)), "x86_64", Wariness.MIN_COMPUTED, T0 - 1, "[]"),
        Arguments.of("rollout before its start: explicit 0 is in (wariness > throttle removes)", List.of(plain("1"),
            rollout("2", T0, 0.0, 2880)), "x86_64", 0.0, T0 - 1, "[[0,1]]"),
        Arguments.of("rollout at start, value 0: explicit canary", List.of(plain("1"), rollout("2", T0, 0.0, 2880)),
            "x86_64", 0.0, T0, "[[0,1]]"),
        Arguments.of("rollout at start, value 0: computed wariness never", List.of(plain("1"),
            rollout("2", T0, 0.0, 2880)), "x86_64", Wariness.MIN_COMPUTED, T0, "[]"),
        Arguments.of("+12 h of 48 h: w 0.25 in", List.of(plain("1"), plain("2"), rollout("3", T0, 0.0, 2880)),
            "x86_64", 0.25, T0 + 12 * 3600, "[[0,2],[1,2]]"),
        Arguments.of("+12 h of 48 h: w 0.26 out", List.of(plain("1"), plain("2"), rollout("3", T0, 0.0, 2880)),
            "x86_64", 0.26, T0 + 12 * 3600, "[]"),
        Arguments.of("start value 0.5 at start: w 0.5 in", List.of(plain("1"), rollout("2", T0, 0.5, 60)), "x86_64",
            0.5, T0, "[[0,1]]"),
        Arguments.of("start value 0.5, halfway: w 0.75 in", List.of(plain("1"), rollout("2", T0, 0.5, 60)), "x86_64",
            0.75, T0 + 1800, "[[0,1]]"),
        Arguments.of("start value 0.5, halfway: w 0.76 out", List.of(plain("1"), rollout("2", T0, 0.5, 60)),
            "x86_64", 0.76, T0 + 1800, "[]"),
        Arguments.of("after the end: w 1 in", List.of(plain("1"), rollout("2", T0, 0.0, 60)), "x86_64", 1.0,
            T0 + 3601, "[[0,1]]"),
        Arguments.of("at the very end: w 1 in", List.of(plain("1"), rollout("2", T0, 0.0, 60)), "x86_64", 1.0,
            T0 + 3600, "[[0,1]]"),
        Arguments.of("one rollout throttled, the older one not", List.of(plain("1"), out("2"),
            rollout("3", T0, 0.0, 60)), "x86_64", 0.9, T0 + 60, "[[0,1]]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void edges(String name, List<Release> releases, String arch, double wariness, long now, String expected) {
    var graph = StreamGraph.build(new StreamRecord("stable", releases), arch, Json.mapper());
    var edges = new ArrayList<String>();
    for (int[] e : graph.edgesFor(wariness, now)) {
      edges.add("[" + e[0] + "," + e[1] + "]");
    }
    assertThat("[" + String.join(",", edges) + "]").isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void bodyIsCincinnatiJsonWithStringMetadata(String name, List<Release> releases, String arch, double wariness,
      long now, String expected) throws Exception {
    var graph = StreamGraph.build(new StreamRecord("stable", releases), arch, Json.mapper());
    JsonNode body = Json.mapper().readTree(graph.body(graph.edgesFor(wariness, now)));
    assertThat(body.get("edges").toString()).isEqualTo(expected);
    assertThat(body.get("nodes")).hasSize(graph.nodes().size());
    for (JsonNode n : body.get("nodes")) {
      assertThat(n.get("payload").asText()).matches("[0-9a-f]{64}");
      assertThat(n.get("metadata").get(Metadata.SCHEME).asText()).isEqualTo("checksum");
      n.get("metadata").fields().forEachRemaining(f -> assertThat(f.getValue().isTextual()).isTrue());
    }
  }

  @org.junit.jupiter.api.Test
  void ageIndexIsThePositionBeforeTheArchFilter() throws Exception {
    var graph = StreamGraph.build(new StreamRecord("s", List.of(plain("1"), x86Only(out("2")), out("3"))),
        "aarch64", Json.mapper());
    JsonNode body = Json.mapper().readTree(graph.body(graph.edges()));
    assertThat(body.get("nodes").get(1).get("version").asText()).isEqualTo("3");
    assertThat(body.get("nodes").get(1).get("metadata").get(Metadata.AGE_INDEX).asText()).isEqualTo("2");
  }

  @org.junit.jupiter.api.Test
  void metadataKeysOfRolloutBarrierDeadend() throws Exception {
    var graph = StreamGraph.build(new StreamRecord("s", List.of(deadend(barrier(rollout("1", 5, 0.25, 30))))),
        "x86_64", Json.mapper());
    var m = graph.nodes().get(0).metadata();
    assertThat(m).containsEntry(Metadata.ROLLOUT, "true").containsEntry(Metadata.START_EPOCH, "5")
        .containsEntry(Metadata.START_VALUE, "0.25").containsEntry(Metadata.DURATION, "30")
        .containsEntry(Metadata.BARRIER, "true").containsEntry(Metadata.BARRIER_REASON, "https://example.com/keys")
        .containsEntry(Metadata.DEADEND, "true").containsEntry(Metadata.DEADEND_REASON, "https://example.com/bug")
        .containsEntry(Metadata.AGE_INDEX, "0");
  }
}
