package dev.caisson.server.etcd;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caisson.server.store.BackendException;
import dev.caisson.server.store.FleetStore;
import dev.caisson.server.store.FleetStoreContract;
import dev.caisson.server.store.Table;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract against a real etcd; each test gets its own key prefix. */
class EtcdStoreTest extends FleetStoreContract {
  @TempDir static Path dir;
  static EtcdProcess etcd;
  static final AtomicInteger tests = new AtomicInteger();
  String prefix;

  @BeforeAll
  static void startEtcd() throws Exception {
    etcd = new EtcdProcess(dir);
  }

  @AfterAll
  static void stopEtcd() throws Exception {
    etcd.close();
  }

  @Override
  protected FleetStore openFresh() {
    prefix = "caisson-test-" + tests.incrementAndGet();
    return EtcdStore.connect(etcd.uri(), prefix, Duration.ofSeconds(5));
  }

  @Override
  protected FleetStore reopen(FleetStore old) throws Exception {
    old.close();
    return EtcdStore.connect(etcd.uri(), prefix, Duration.ofSeconds(5));
  }

  @Test
  void anUnreachableEtcdIsABackendError() {
    try (var nowhere = EtcdStore.connect(java.net.URI.create("etcd://127.0.0.1:1"), "x", Duration.ofMillis(500))) {
      assertThatThrownBy(() -> nowhere.get(Table.LOCKS, "g")).isInstanceOf(BackendException.class);
    }
  }
}
