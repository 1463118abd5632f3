package dev.caisson.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStoreTest extends FleetStoreContract {
  @TempDir Path dir;

  @Override
  protected FleetStore openFresh() throws Exception {
    return EmbeddedStore.open(dir);
  }

  @Override
  protected FleetStore reopen(FleetStore old) throws Exception {
    old.close();
    return EmbeddedStore.open(dir);
  }

  @Test
  void secondProcessOnTheSameDirectoryIsRefused() {
    assertThatThrownBy(() -> EmbeddedStore.open(dir)).isInstanceOf(BackendException.class)
        .hasMessageContaining("another server");
  }

  @Test
  void tornLastLineIsDroppedAndTheRestKept() throws Exception {
    store.put(Table.LOCKS, "g", LockGroup.EMPTY.with(new LockGroup.Holder("a", 1)));
    store.close();
    Files.writeString(dir.resolve("journal.jsonl"), "{\"r\":99,\"t\":\"locks\",\"k\":\"h\",\"v\":{\"hold",
        StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    store = EmbeddedStore.open(dir);
    assertThat(store.get(Table.LOCKS, "g")).isPresent();
    assertThat(store.get(Table.LOCKS, "h")).isEmpty();
  }

  @Test
  void corruptionInTheMiddleIsAnError() throws Exception {
    store.put(Table.LOCKS, "g", LockGroup.EMPTY);
    store.close();
    Path journal = dir.resolve("journal.jsonl");
    Files.writeString(journal, "garbage\n" + Files.readString(journal));
    assertThatThrownBy(() -> EmbeddedStore.open(dir)).isInstanceOf(BackendException.class)
        .hasMessageContaining("line 1");
    store = EmbeddedStore.open(dir.resolve("other"));
  }

  @Test
  void restartCompactsTheJournalToOneLinePerKey() throws Exception {
    for (int i = 0; i < 20; i++) {
      store.put(Table.NODES, "n", NodeRecord.first("n", i));
    }
    store = reopen(store);
    assertThat(Files.readAllLines(dir.resolve("journal.jsonl"))).hasSize(1);
    assertThat(store.get(Table.NODES, "n").orElseThrow().value().firstSeenMillis()).isEqualTo(19);
  }
}
