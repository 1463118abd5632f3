package dev.caisson.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FleetStore} must do. An implementation's test extends this and says how to open a store and
 * how to open it again on the same state (a restart).
 */
public abstract class FleetStoreContract {
  protected FleetStore store;

  /** A fresh, empty store. */
  protected abstract FleetStore openFresh() throws Exception;

  /** Closes {@code old} and opens the same state again, as a restarted server would. */
  protected abstract FleetStore reopen(FleetStore old) throws Exception;

  @BeforeEach
  void setUp() throws Exception {
    store = openFresh();
  }

  @AfterEach
  void tearDown() throws Exception {
    store.close();
  }

  private static LockGroup holders(String... ids) {
    var list = new ArrayList<LockGroup.Holder>();
    for (String id : ids) {
      list.add(new LockGroup.Holder(id, 1000));
    }
    return new LockGroup(list);
  }

  @Test
  void absentKeyReadsEmpty() throws Exception {
    assertThat(store.get(Table.LOCKS, "default")).isEmpty();
    assertThat(store.list(Table.LOCKS)).isEmpty();
  }

  @Test
  void createOnlyWhenAbsent() throws Exception {
    var first = store.compareAndSet(Table.LOCKS, "g", 0, holders("a"));
    assertThat(first).isPresent();
    assertThat(store.compareAndSet(Table.LOCKS, "g", 0, holders("b"))).isEmpty();
    var read = store.get(Table.LOCKS, "g").orElseThrow();
    assertThat(read.value()).isEqualTo(holders("a"));
    assertThat(read.revision()).isEqualTo(first.getAsLong());
    assertThat(read.key()).isEqualTo("g");
  }

  @Test
  void swapNeedsTheCurrentRevision() throws Exception {
    long r1 = store.compareAndSet(Table.LOCKS, "g", 0, holders("a")).getAsLong();
    long r2 = store.compareAndSet(Table.LOCKS, "g", r1, holders("a", "b")).getAsLong();
    assertThat(r2).isGreaterThan(r1);
    assertThat(store.compareAndSet(Table.LOCKS, "g", r1, holders("c"))).isEmpty();
    assertThat(store.get(Table.LOCKS, "g").orElseThrow().value()).isEqualTo(holders("a", "b"));
  }

  @Test
  void revisionsGrowAcrossKeysAndTables() throws Exception {
    long before = store.revision();
    long a = store.put(Table.LOCKS, "a", holders("x"));
    long b = store.put(Table.NODES, "n1", NodeRecord.first("n1", 5));
    assertThat(a).isGreaterThan(before);
    assertThat(b).isGreaterThan(a);
    assertThat(store.revision()).isGreaterThanOrEqualTo(b);
  }

  @Test
  void deleteOnlyAtTheCurrentRevision() throws Exception {
    long r = store.put(Table.LOCKS, "g", holders("a"));
    assertThat(store.compareAndDelete(Table.LOCKS, "g", r + 100)).isFalse();
    assertThat(store.get(Table.LOCKS, "g")).isPresent();
    assertThat(store.compareAndDelete(Table.LOCKS, "g", r)).isTrue();
    assertThat(store.get(Table.LOCKS, "g")).isEmpty();
    assertThat(store.compareAndDelete(Table.LOCKS, "g", r)).isFalse();
    assertThat(store.compareAndSet(Table.LOCKS, "g", 0, holders("b"))).isPresent();
  }

  @Test
  void listIsOrderedByKeyAndKeepsTablesApart() throws Exception {
    store.put(Table.LOCKS, "b", holders("x"));
    store.put(Table.LOCKS, "a", holders("y"));
    store.put(Table.NODES, "a", NodeRecord.first("a", 1));
    assertThat(store.list(Table.LOCKS)).extracting(Versioned::key).containsExactly("a", "b");
    assertThat(store.list(Table.NODES)).extracting(Versioned::key).containsExactly("a");
  }

  @Test
  void everyValueKindRoundTripsThroughARestart() throws Exception {
    String sum = "a".repeat(64);
    var release = new Release("1.0", java.util.Map.of("x86_64", sum),
        Optional.of(new Rollout(100, 0.25, Optional.of(60L))), Optional.of("keys"), Optional.empty(),
        Optional.of(new Pause("bad", true, 7)), Optional.of(new RateLimit(2, 60, 1, 30)), 99);
    var stream = new StreamRecord("stable", List.of(release));
    var rollout = RolloutRecord.EMPTY.withGrant("n1", 5).withFailure("n2", "rollback");
    var node = new NodeRecord("n1", "stable", "x86_64", "default", "qemu", "1.0", sum, "", "idle", "", List.of("0.9"),
        1, 2, 3);
    store.put(Table.STREAMS, "stable", stream);
    store.put(Table.ROLLOUTS, "stable/1.0", rollout);
    store.put(Table.NODES, "n1", node);
    long lock = store.put(Table.LOCKS, "g", holders("a", "b"));
    store = reopen(store);
    assertThat(store.get(Table.STREAMS, "stable").orElseThrow().value()).isEqualTo(stream);
    assertThat(store.get(Table.ROLLOUTS, "stable/1.0").orElseThrow().value()).isEqualTo(rollout);
    assertThat(store.get(Table.NODES, "n1").orElseThrow().value()).isEqualTo(node);
    var g = store.get(Table.LOCKS, "g").orElseThrow();
    assertThat(g.value()).isEqualTo(holders("a", "b"));
    assertThat(g.revision()).isEqualTo(lock);
    assertThat(store.compareAndSet(Table.LOCKS, "g", lock, holders("a"))).isPresent();
  }

  @Test
  void deletesSurviveARestart() throws Exception {
    long r = store.put(Table.LOCKS, "g", holders("a"));
    store.compareAndDelete(Table.LOCKS, "g", r);
    store = reopen(store);
    assertThat(store.get(Table.LOCKS, "g")).isEmpty();
  }

  @Test
  void concurrentSwapsLoseNoUpdate() throws Exception {
    int threads = 8;
    int each = 50;
    var pool = Executors.newFixedThreadPool(threads);
    try {
      var tasks = new ArrayList<Callable<Integer>>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        tasks.add(() -> {
          int conflicts = 0;
          for (int i = 0; i < each; i++) {
            while (true) {
              var cur = store.get(Table.LOCKS, "counter");
              long rev = cur.map(Versioned::revision).orElse(0L);
              var next = cur.map(Versioned::value).orElse(LockGroup.EMPTY)
                  .with(new LockGroup.Holder("t" + id + "-" + i, 0));
              if (store.compareAndSet(Table.LOCKS, "counter", rev, next).isPresent()) {
                break;
              }
              conflicts++;
            }
          }
          return conflicts;
        });
      }
      for (Future<Integer> f : pool.invokeAll(tasks)) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.get(Table.LOCKS, "counter").orElseThrow().value().holders()).hasSize(threads * each);
  }
}
