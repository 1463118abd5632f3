package dev.caisson.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  @TempDir Path dir;

  @Test
  void theDocumentedExampleParses() throws Exception {
    Path root = Path.of(System.getProperty("caisson.root", "..")).toAbsolutePath();
    String yaml = Files.readString(root.resolve("examples/server.yaml"));
    Files.writeString(dir.resolve("server.token"), "  abc123\n");
    yaml = yaml.replace("/etc/caisson/server.token", dir.resolve("server.token").toString());
    ServerConfig c = ConfigFile.parse(yaml, dir, ServerConfig.defaults(dir));
    assertThat(c.listen().getPort()).isEqualTo(8080);
    assertThat(c.listen().getHostString()).isEqualTo("127.0.0.1");
    assertThat(c.data()).isEqualTo(Path.of("/var/lib/caisson-server"));
    assertThat(c.token()).contains("abc123");
    assertThat(c.toString()).doesNotContain("abc123");
    assertThat(c.streams()).containsExactlyInAnyOrder("stable", "testing");
    assertThat(c.architectures()).containsExactlyInAnyOrder("x86_64", "aarch64");
    assertThat(c.locks().group("workers").orElseThrow().slots()).isEqualTo(3);
    assertThat(c.locks().group("default").orElseThrow().slots()).isEqualTo(1);
    assertThat(c.locks().group("other")).isEmpty();
    assertThat(c.locks().ttl()).isEmpty();
    var db = c.locks().group("databases").orElseThrow();
    assertThat(db.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(db.windows().get(0).days()).containsExactlyInAnyOrder(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    assertThat(db.windows().get(0).lengthMinutes()).isEqualTo(180);
    assertThat(c.staleAfter()).isEqualTo(Duration.ofMinutes(60));
    assertThat(c.closedLoop().failedNodes()).isEqualTo(2);
    assertThat(c.closedLoop().failedRatio()).isEqualTo(0.05);
  }

  @Test
  void emptyFileGivesTheDefaults() throws Exception {
    ServerConfig c = ConfigFile.parse("", dir, ServerConfig.defaults(dir));
    assertThat(c.listen().getHostString()).isEqualTo("127.0.0.1");
    assertThat(c.locks().group("default").orElseThrow().slots()).isEqualTo(1);
    assertThat(c.token()).isEmpty();
    assertThat(c.architectures()).isEqualTo(ServerConfig.DEFAULT_ARCHES);
  }

  @Test
  void typosAndWrongTypesNameTheKey() {
    assertThatThrownBy(() -> ConfigFile.parse("lsiten: 1.2.3.4:5", dir, ServerConfig.defaults(dir)))
        .hasMessageContaining("unknown key(s) [lsiten]");
    assertThatThrownBy(() -> ConfigFile.parse("locks: {groups: [{name: w, slots: two}]}", dir,
        ServerConfig.defaults(dir))).hasMessageContaining("locks.groups[0].slots");
    assertThatThrownBy(() -> ConfigFile.parse("locks: {groups: [{name: w, windows: [{days: [Funday], start: '01:00',"
        + " length_minutes: 5}]}]}", dir, ServerConfig.defaults(dir))).hasMessageContaining("Funday");
    assertThatThrownBy(() -> ConfigFile.parse("closed_loop: {failed_ratio: 3}", dir, ServerConfig.defaults(dir)))
        .hasMessageContaining("closed_loop.failed_ratio");
    assertThatThrownBy(() -> ConfigFile.parse("listen: nowhere", dir, ServerConfig.defaults(dir)))
        .hasMessageContaining("HOST:PORT");
  }

  @Test
  void etcdStore() throws Exception {
    ServerConfig c = ConfigFile.parse("store: etcd://10.0.0.1:2379,10.0.0.2:2379", dir, ServerConfig.defaults(dir));
    assertThat(c.store()).contains(java.net.URI.create("etcd://10.0.0.1:2379,10.0.0.2:2379"));
    assertThat(ServerConfig.defaults(dir).store()).isEmpty();
    assertThatThrownBy(() -> ConfigFile.parse("store: postgres://x", dir, ServerConfig.defaults(dir)))
        .hasMessageContaining("etcd://");
    assertThatThrownBy(() -> FleetServer.start(c, java.time.Clock.systemUTC(), e -> { }))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anyGroupAndTtl() throws Exception {
    ServerConfig c = ConfigFile.parse("locks: {allow_any_group: true, default_slots: 2, ttl_minutes: 30}", dir,
        ServerConfig.defaults(dir));
    assertThat(c.locks().group("whatever").orElseThrow().slots()).isEqualTo(2);
    assertThat(c.locks().ttl()).contains(Duration.ofMinutes(30));
    assertThat(Set.of(c.locks().groups().keySet().toArray())).contains("default");
  }
}
