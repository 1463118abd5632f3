package dev.caisson.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsCacheTest {
  @TempDir Path cache;

  static final List<String> MIRRORS = List.of("deb http://deb.debian.org/debian bookworm main");

  @Test
  void keyIgnoresPackageOrderAndRepeatsButNothingElse() {
    String k = RootfsCache.key("bookworm", MIRRORS, List.of("systemd", "podman"));
    assertThat(k).hasSize(64);
    assertThat(RootfsCache.key("bookworm", MIRRORS, List.of("podman", "systemd", "podman"))).isEqualTo(k);
    assertThat(RootfsCache.key("trixie", MIRRORS, List.of("systemd", "podman"))).isNotEqualTo(k);
    assertThat(RootfsCache.key("bookworm", MIRRORS, List.of("systemd"))).isNotEqualTo(k);
    assertThat(RootfsCache.key("bookworm", List.of("deb http://other/debian bookworm main"),
        List.of("systemd", "podman"))).isNotEqualTo(k);
    var two = List.of(MIRRORS.get(0), "deb http://deb.debian.org/debian-security bookworm-security main");
    assertThat(RootfsCache.key("bookworm", two, List.of("systemd")))
        .isNotEqualTo(RootfsCache.key("bookworm", List.of(two.get(1), two.get(0)), List.of("systemd")));
  }

  @Test
  void aTreeIsFoundOnlyOncePublished() throws Exception {
    var c = new RootfsCache(cache);
    String key = RootfsCache.key("bookworm", MIRRORS, List.of("systemd"));
    assertThat(c.find(key)).isEmpty();
    Path staging = c.staging(key);
    Files.createDirectories(staging.resolve("etc"));
    assertThat(c.find(key)).isEmpty();
    Path tree = c.publish(key, staging);
    assertThat(c.find(key)).contains(tree);
    assertThat(tree.resolve("etc")).isDirectory();
  }

  @Test
  void keepsTheNewestTreesAndDropsStagingLeftovers() throws Exception {
    var c = new RootfsCache(cache);
    var keys = List.of("a", "b", "c").stream().map(p -> RootfsCache.key("bookworm", MIRRORS, List.of(p))).toList();
    c.staging("0000000000000000");   // a killed bootstrap's leftover
    for (String k : keys) {
      Path s = c.staging(k);
      Files.createDirectories(s);
      c.publish(k, s);
      Thread.sleep(20);    // distinct mtimes
    }
    assertThat(c.find(keys.get(0))).isEmpty();
    assertThat(c.find(keys.get(1))).isPresent();
    assertThat(c.find(keys.get(2))).isPresent();
    try (var s = Files.list(cache.resolve("rootfs"))) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(keys.get(1), keys.get(2));
    }
  }
}
