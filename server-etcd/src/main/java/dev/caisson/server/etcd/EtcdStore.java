package dev.caisson.server.etcd;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caisson.server.store.BackendException;
import dev.caisson.server.store.FleetStore;
import dev.caisson.server.store.Json;
import dev.caisson.server.store.Table;
import dev.caisson.server.store.Versioned;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link FleetStore} on etcd v3 through jetcd: one key per record, {@code PREFIX/TABLE/KEY}, holding the
 * record's JSON; the revision is etcd's {@code mod_revision}, so compare-and-swap is a transaction
 * {@code If(ModRevision == r) Then(Put)} (or {@code If(Version == 0)} to create), as airlock does. Every write
 * is acknowledged by etcd only after its Raft quorum made it durable. Calls that do not answer within the
 * timeout, or fail, are {@link BackendException}s.
 */
public final class EtcdStore implements FleetStore {
  private final Client client;
  private final KV kv;
  private final String prefix;
  private final Duration timeout;
  private final ObjectMapper json = Json.mapper();

  private EtcdStore(Client client, String prefix, Duration timeout) {
    this.client = client;
    this.kv = client.getKVClient();
    this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
    this.timeout = timeout;
  }

  /** Connects to {@code etcd://HOST:PORT[,HOST:PORT...]}; keys live under {@code prefix}. */
  public static EtcdStore connect(URI uri, String prefix, Duration timeout) {
    if (!"etcd".equals(uri.getScheme()) || uri.getRawAuthority() == null) {
      throw new IllegalArgumentException("write etcd://HOST:PORT[,HOST:PORT...]: " + uri);
    }
    var endpoints = new ArrayList<String>();
    for (String hostPort : uri.getRawAuthority().split(",")) {
      endpoints.add("http://" + hostPort);
    }
    Client client = Client.builder().endpoints(endpoints.toArray(String[]::new)).build();
    return new EtcdStore(client, prefix, timeout);
  }

  private ByteSequence key(Table<?> table, String key) {
    return ByteSequence.from(prefix + table.name() + "/" + key, StandardCharsets.UTF_8);
  }

  private <R> R await(CompletableFuture<R> call, String what) throws BackendException {
    try {
      return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException("interrupted while " + what, e);
    } catch (ExecutionException e) {
      throw new BackendException("etcd failed while " + what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new BackendException("etcd did not answer within " + timeout.toMillis() + " ms while " + what, e);
    }
  }

  private <T> Versioned<T> decode(Table<T> table, KeyValue kv, String key) throws BackendException {
    try {
      return new Versioned<>(key, json.readValue(kv.getValue().getBytes(), table.type()), kv.getModRevision());
    } catch (IOException e) {
      throw new BackendException("etcd holds a bad " + table.name() + " record " + key + ": " + e.getMessage(), e);
    }
  }

  private ByteSequence encode(Object value) throws BackendException {
    try {
      return ByteSequence.from(json.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new BackendException("cannot encode " + value, e);
    }
  }

  @Override
  public <T> Optional<Versioned<T>> get(Table<T> table, String key) throws BackendException {
    var r = await(kv.get(key(table, key)), "reading " + table.name() + "/" + key);
    if (r.getKvs().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(decode(table, r.getKvs().get(0), key));
  }

  @Override
  public <T> List<Versioned<T>> list(Table<T> table) throws BackendException {
    String start = prefix + table.name() + "/";
    var r = await(kv.get(ByteSequence.from(start, StandardCharsets.UTF_8), GetOption.builder().isPrefix(true)
        .withSortField(GetOption.SortTarget.KEY).withSortOrder(GetOption.SortOrder.ASCEND).build()),
        "listing " + table.name());
    var out = new ArrayList<Versioned<T>>();
    for (KeyValue v : r.getKvs()) {
      out.add(decode(table, v, v.getKey().toString(StandardCharsets.UTF_8).substring(start.length())));
    }
    return out;
  }

  @Override
  public <T> OptionalLong compareAndSet(Table<T> table, String key, long expectedRevision, T value)
      throws BackendException {
    if (!table.type().isInstance(value)) {
      throw new IllegalArgumentException("value is not a " + table.type().getSimpleName());
    }
    ByteSequence k = key(table, key);
    Cmp cmp = expectedRevision == 0 ? new Cmp(k, Cmp.Op.EQUAL, CmpTarget.version(0))
        : new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedRevision));
    var r = await(kv.txn().If(cmp).Then(Op.put(k, encode(value), PutOption.DEFAULT)).commit(),
        "writing " + table.name() + "/" + key);
    return r.isSucceeded() ? OptionalLong.of(r.getHeader().getRevision()) : OptionalLong.empty();
  }

  @Override
  public <T> boolean compareAndDelete(Table<T> table, String key, long expectedRevision) throws BackendException {
    ByteSequence k = key(table, key);
    var r = await(kv.txn().If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedRevision)),
        new Cmp(k, Cmp.Op.GREATER, CmpTarget.version(0))).Then(Op.delete(k, DeleteOption.DEFAULT)).commit(),
        "deleting " + table.name() + "/" + key);
    return r.isSucceeded();
  }

  @Override
  public <T> long put(Table<T> table, String key, T value) throws BackendException {
    if (!table.type().isInstance(value)) {
      throw new IllegalArgumentException("value is not a " + table.type().getSimpleName());
    }
    return await(kv.put(key(table, key), encode(value)), "writing " + table.name() + "/" + key)
        .getHeader().getRevision();
  }

  @Override
  public long revision() throws BackendException {
    return await(kv.get(ByteSequence.from(prefix, StandardCharsets.UTF_8), GetOption.builder().withCountOnly(true)
        .build()), "reading the revision").getHeader().getRevision();
  }

  @Override
  public void close() {
    client.close();
  }
}
