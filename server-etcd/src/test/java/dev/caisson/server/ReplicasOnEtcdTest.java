package dev.caisson.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.server.etcd.EtcdProcess;
import dev.caisson.server.etcd.EtcdStore;
import dev.caisson.server.lock.GroupPolicy;
import dev.caisson.server.lock.LockPolicy;
import dev.caisson.server.store.Table;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 FleetLock clients on a 3-slot group through two server replicas sharing one etcd, which is killed and
 * restarted mid-test: never more than 3 holders, every acknowledged grant still held after the restart, and all
 * clients finish. While etcd is down the replicas answer {@code backend_unavailable}, never "full".
 */
class ReplicasOnEtcdTest {
  @TempDir Path dir;

  @Test
  void twoReplicasOneEtcdRestartedMidTest() throws Exception {
    var policy = new LockPolicy(Map.of("workers", new GroupPolicy("workers", 3, ZoneOffset.UTC, List.of())), 1, false,
        Optional.empty());
    try (var etcd = new EtcdProcess(dir)) {
      FleetServer[] replicas = new FleetServer[2];
      for (int i = 0; i < 2; i++) {
        var config = ServerConfig.defaults(dir.resolve("replica" + i))
            .withListen(new InetSocketAddress("127.0.0.1", 0)).withLocks(policy);
        replicas[i] = FleetServer.start(config, EtcdStore.connect(etcd.uri(), "caisson", Duration.ofSeconds(3)),
            Clock.systemUTC(), e -> { });
      }
      URI[] uris = {replicas[0].uri(), replicas[1].uri()};
      var hammer = new LockHammer(() -> uris[ThreadLocalRandom.current().nextInt(2)], "workers");
      var done = new CompletableFuture<List<Throwable>>();
      Thread clients = new Thread(() -> {
        try {
          done.complete(hammer.run(1000));
        } catch (Throwable e) {
          done.completeExceptionally(e);
        }
      });
      clients.start();
      try (var observer = EtcdStore.connect(etcd.uri(), "caisson", Duration.ofSeconds(10))) {
        while (hammer.grants.get() < 300) {
          Thread.sleep(5);
        }
        hammer.hold();
        while (hammer.holding.isEmpty()) {
          Thread.sleep(5);
        }
        Set<String> acknowledged = Set.copyOf(hammer.holding);
        etcd.kill();
        Thread.sleep(500); // clients meet the outage
        etcd.start();
        Set<String> after = new HashSet<>();
        observer.get(Table.LOCKS, "workers").ifPresent(v -> v.value().holders().forEach(h -> after.add(h.id())));
        assertThat(after).as("every acknowledged grant survived").containsAll(acknowledged);
        assertThat(after.size()).isLessThanOrEqualTo(3);
        hammer.letGo();
        assertThat(done.get(600, TimeUnit.SECONDS)).isEmpty();
        assertThat(hammer.unexpected).allMatch(u -> u.startsWith("503 ") && u.contains("backend_unavailable"));
        assertThat(hammer.grants.get()).isEqualTo(1000);
        assertThat(hammer.released.get()).isEqualTo(1000);
        assertThat(hammer.maxHolding.get()).isBetween(1, 3);
        assertThat(observer.get(Table.LOCKS, "workers").orElseThrow().value().holders()).isEmpty();
      } finally {
        hammer.letGo();
        clients.join(60_000);
        for (FleetServer r : replicas) {
          r.close();
        }
      }
    }
  }
}
