package dev.caisson.agent.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Target selection on a graph in the Fedora CoreOS format (fixture written from the protocol description). */
class TargetSelectionTest {
  UpdateGraph graph;

  @BeforeEach
  void parse() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/graph/fcos-stable.json")) {
      graph = UpdateGraph.parse(in.readAllBytes(), new ObjectMapper());
    }
  }

  String payload(String version) {
    return graph.nodes().stream().filter(n -> n.version().equals(version)).findFirst().orElseThrow().payload();
  }

  @Test
  void parsesTheFedoraCoreOsGraph() {
    assertThat(graph.nodes()).hasSize(7);
    assertThat(graph.edges()).hasSize(6);
    Release barrier = graph.nodes().get(2);
    assertThat(barrier.version()).isEqualTo("43.20260413.3.2");
    assertThat(barrier.ageIndex()).hasValue(2L);
    assertThat(barrier.metadata()).containsEntry(Release.BARRIER, "true");
    assertThat(graph.nodes().get(3).deadend()).isTrue();
    assertThat(graph.nodes().get(6).metadata()).containsEntry("org.fedoraproject.coreos.updates.duration_minutes",
        "2880");
  }

  @Test
  void picksTheHighestAgeIndexReachableFromTheBootedRelease() throws Exception {
    var c = new TargetSelection(false).choose(graph, payload("43.20260413.3.2"), Set.of());
    assertThat(c.target()).map(Release::version).hasValue("44.20260621.3.1");
    // an older node must go through the barrier first
    var old = new TargetSelection(false).choose(graph, payload("43.20260316.3.1"), Set.of());
    assertThat(old.target()).map(Release::version).hasValue("43.20260413.3.2");
  }

  @Test
  void skipsDenylistedAndDeadEndTargets() throws Exception {
    var c = new TargetSelection(false).choose(graph, payload("43.20260413.3.2"), Set.of(payload("44.20260621.3.1")));
    assertThat(c.target()).map(Release::version).hasValue("44.20260525.3.1");
    assertThat(c.ignored()).isEqualTo(1);
    var onlyDeadEnd = new TargetSelection(false).choose(graph, payload("43.20260413.3.2"),
        Set.of(payload("44.20260621.3.1"), payload("44.20260525.3.1")));
    assertThat(onlyDeadEnd.target()).isEmpty();
  }

  @Test
  void noEdgeAndUnknownBootedReleaseMeanNoUpdate() throws Exception {
    var latest = new TargetSelection(false).choose(graph, payload("44.20260621.3.1"), Set.of());
    assertThat(latest.target()).isEmpty();
    assertThat(latest.reason()).contains("no update edge");
    var unknown = new TargetSelection(false).choose(graph, "0".repeat(64), Set.of());
    assertThat(unknown.target()).isEmpty();
    assertThat(unknown.reason()).contains("not in the graph");
  }

  @Test
  void refusesADowngradeUnlessAllowed() throws Exception {
    var nodes = List.of(rel("2.0", "b", 5), rel("1.0", "a", 3));
    var g = new UpdateGraph(nodes, List.of(new int[] {0, 1}));
    assertThat(new TargetSelection(false).choose(g, "b".repeat(64), Set.of()).target()).isEmpty();
    assertThat(new TargetSelection(false).choose(g, "b".repeat(64), Set.of()).reason()).contains("downgrade");
    assertThat(new TargetSelection(true).choose(g, "b".repeat(64), Set.of()).target()).map(Release::version)
        .hasValue("1.0");
  }

  @Test
  void aMalformedTargetFailsTheWholeCheck() {
    var bad = new Release("3.0", "c".repeat(64), Map.of(Release.SCHEME, "checksum", Release.AGE_INDEX, "three"));
    var g = new UpdateGraph(List.of(rel("1.0", "a", 1), bad), List.of(new int[] {0, 1}));
    assertThatThrownBy(() -> new TargetSelection(false).choose(g, "a".repeat(64), Set.of()))
        .isInstanceOf(GraphException.class).hasMessageContaining("no integer age_index");
    var oci = new Release("3.0", "c".repeat(64), Map.of(Release.SCHEME, "oci", Release.AGE_INDEX, "3"));
    var g2 = new UpdateGraph(List.of(rel("1.0", "a", 1), oci), List.of(new int[] {0, 1}));
    assertThatThrownBy(() -> new TargetSelection(false).choose(g2, "a".repeat(64), Set.of()))
        .hasMessageContaining("scheme oci");
  }

  @Test
  void rejectsGraphsThatAreNotCincinnati() {
    assertThatThrownBy(() -> UpdateGraph.parse("{\"nodes\":[]}".getBytes(), new ObjectMapper()))
        .isInstanceOf(GraphException.class);
    assertThatThrownBy(() -> UpdateGraph.parse("{\"nodes\":[],\"edges\":[[0,1]]}".getBytes(), new ObjectMapper()))
        .hasMessageContaining("outside");
    assertThatThrownBy(() -> UpdateGraph.parse(("{\"nodes\":[{\"version\":\"1\",\"payload\":\"p\",\"metadata\":"
        + "{\"org.fedoraproject.coreos.releases.age_index\":1}}],\"edges\":[]}").getBytes(), new ObjectMapper()))
        .hasMessageContaining("not a string");
  }

  static Release rel(String version, String c, int age) {
    return new Release(version, c.repeat(64), Map.of(Release.SCHEME, "checksum", Release.AGE_INDEX, "" + age));
  }
}
