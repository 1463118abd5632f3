package dev.caisson.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.provision.fetch.FetchOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each config applied by caisson to root A and by the real Ignition 2.14 files stage to root B. */
class DifferentialTest {
  @TempDir Path tmp;

  static Stream<Arguments> configs() {
    return DifferentialConfigs.all().entrySet().stream()
        .map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void sameTreeAsRealIgnition(String name, String config) throws Exception {
    assertThat(RealIgnition.ENGINE).exists();
    // the real engine writes SSH keys as the user, who must be able to reach the root
    Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Path a = Skeleton.create(tmp.resolve("a"));
    Path b = Skeleton.create(tmp.resolve("b"));
    Path cfg = tmp.resolve("config.ign");
    Files.writeString(cfg, config);
    new Provisioner(Clock.systemUTC(), FetchOptions.defaults(), ProvisionListener.NONE)
        .run(ProvisionRequest.of(a, cfg.toString()).withSources(tmp.resolve("nofw"), tmp.resolve("nocmdline"),
            tmp.resolve("nobase")));
    RealIgnition.run(tmp.resolve("work"), b, config);
    var before = Tree.of(Skeleton.create(tmp.resolve("c")));
    var treeA = Tree.of(a);
    var treeB = Tree.of(b);
    var diff = new java.util.TreeSet<String>();
    for (String k : new java.util.TreeSet<>(java.util.Set.copyOf(treeA.keySet()))) {
      if (!treeA.get(k).equals(treeB.get(k))) {
        diff.add("caisson " + k + " " + treeA.get(k) + " / ignition " + treeB.get(k));
      }
    }
    treeB.keySet().stream().filter(k -> !treeA.containsKey(k)).forEach(k -> diff.add("only ignition: " + k));
    assertThat(diff).as(name).isEmpty();
    assertThat(treeA).isEqualTo(treeB);
    if (!name.endsWith("-kept")) {
      assertThat(treeA).as("the config changed something").isNotEqualTo(before);
    }
  }
}
