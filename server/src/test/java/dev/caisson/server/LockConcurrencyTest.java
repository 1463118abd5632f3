package dev.caisson.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.server.lock.GroupPolicy;
import dev.caisson.server.lock.LockPolicy;
import dev.caisson.server.store.Table;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 1,000 concurrent FleetLock clients on one group of 3 slots, one server on the embedded store. */
class LockConcurrencyTest {
  @TempDir Path dir;

  @Test
  void holdersNeverExceedTheSlotsAndNoGrantIsLost() throws Exception {
    var policy = new LockPolicy(Map.of("workers", new GroupPolicy("workers", 3, ZoneOffset.UTC, List.of())), 1, false,
        Optional.empty());
    try (var s = new TestServer(dir, c -> c.withLocks(policy))) {
      var hammer = new LockHammer(() -> s.server.uri(), "workers");
      var serverMax = new AtomicInteger();
      var watching = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          try {
            s.server.store().get(Table.LOCKS, "workers")
                .ifPresent(v -> serverMax.accumulateAndGet(v.value().holders().size(), Math::max));
            Thread.sleep(1);
          } catch (Exception e) {
            return;
          }
        }
      });
      watching.start();
      var failures = hammer.run(1000);
      watching.interrupt();
      watching.join();
      assertThat(failures).isEmpty();
      assertThat(hammer.unexpected).isEmpty();
      assertThat(hammer.grants.get()).isEqualTo(1000);
      assertThat(hammer.released.get()).isEqualTo(1000);
      assertThat(hammer.maxHolding.get()).isBetween(1, 3);
      assertThat(serverMax.get()).isBetween(1, 3);
      assertThat(hammer.fullAnswers.get()).as("there was contention").isPositive();
      assertThat(s.server.store().get(Table.LOCKS, "workers").orElseThrow().value().holders()).isEmpty();
      assertThat(s.errors).isEmpty();
    }
  }
}
