package dev.caisson.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caisson.store.CommitWriter;
import dev.caisson.store.Repo;
import dev.caisson.store.RepoMode;
import dev.caisson.store.StoreListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load benchmark of {@code caisson server} (bench/server-load.sh runs it against a server process): seeds
 * an inventory of N nodes through graph requests, then measures graph requests and FleetLock operations per
 * second with C concurrent clients, and their latency percentiles. Not a test: it only measures and prints.
 *
 * <p>Arguments: {@code BASE_URL TOKEN NODES SECONDS CONCURRENCY}.
 */
public final class LoadGenerator {
  private final URI base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ObjectMapper json = new ObjectMapper();

  private LoadGenerator(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  public static void main(String[] args) throws Exception {
    var gen = new LoadGenerator(URI.create(args[0]), args[1]);
    int nodes = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    int concurrency = Integer.parseInt(args[4]);
    String[] checksums = gen.publish();
    String[] ids = new String[nodes];
    for (int i = 0; i < nodes; i++) {
      ids[i] = String.format("%032x", (long) i * 2654435761L + 17);
    }
    var seeded = new AtomicInteger();
    Result seed = gen.run("seed inventory", concurrency, Long.MAX_VALUE, () -> {
      int i = seeded.getAndIncrement();
      if (i >= nodes) {
        return false;
      }
      gen.graph(ids[i], checksums[i % 2]);
      return true;
    });
    System.out.println(seed);
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    Result graph = gen.run("graph", concurrency, end, () -> {
      int i = ThreadLocalRandom.current().nextInt(nodes);
      gen.graph(ids[i], checksums[i % 2]);
      return true;
    });
    System.out.println(graph);
    end = System.nanoTime() + seconds * 1_000_000_000L;
    var lockers = new AtomicInteger();
    Result locks = gen.runLocks(concurrency, end, lockers);
    System.out.println(locks);
  }

  /** Publishes two releases from a fresh repository; returns their commits. */
  private String[] publish() throws Exception {
    Path dir = Files.createTempDirectory("bench-src");
    Repo repo = Repo.init(dir.resolve("repo"), RepoMode.ARCHIVE);
    String[] out = new String[2];
    for (int i = 0; i < 2; i++) {
      Path tree = Files.createDirectories(dir.resolve("tree" + i).resolve("usr"));
      Files.writeString(tree.resolve("version"), "v" + i);
      new CommitWriter(repo, StoreListener.SILENT).commit(tree.getParent(), CommitWriter.Options.of("os/" + i));
      String body = "{\"stream\":\"stable\",\"version\":\"" + (40 + i) + ".0\",\"source\":\"" + dir.resolve("repo")
          + "\",\"ref\":\"os/" + i + "\",\"rollout\":{\"start_value\":0.5}}";
      var r = http.send(HttpRequest.newBuilder(base.resolve("v1/admin/releases/publish"))
          .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("publish failed: " + r.body());
      }
      JsonNode rel = json.readTree(r.body());
      out[i] = rel.get("payloads").get("x86_64").asText();
    }
    return out;
  }

  private void graph(String node, String checksum) throws Exception {
    var r = http.send(HttpRequest.newBuilder(base.resolve("v1/graph?basearch=x86_64&stream=stable&node_uuid=" + node
        + "&os_checksum=" + checksum + "&group=default&platform=qemu")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("graph: " + r.statusCode());
    }
  }

  private int lock(String path, String id, String group) throws Exception {
    var r = http.send(HttpRequest.newBuilder(base.resolve(path)).header("fleet-lock-protocol", "true")
        .POST(HttpRequest.BodyPublishers.ofString("{\"client_params\":{\"id\":\"" + id + "\",\"group\":\"" + group
            + "\"}}")).build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode();
  }

  private Result runLocks(int concurrency, long end, AtomicInteger counter) throws Exception {
    return run("fleetlock (pre-reboot + steady-state, one op each)", concurrency, end, () -> {
      String id = "locker-" + Thread.currentThread().getName();
      String group = "g" + Math.floorMod(Thread.currentThread().getName().hashCode(), 16);
      // alternate: lock on even calls, unlock on odd ones
      boolean lock = (counter.getAndIncrement() & 1) == 0;
      int code = lock(lock ? "v1/pre-reboot" : "v1/steady-state", id, group);
      if (code != 200 && code != 409) {
        throw new IllegalStateException("lock: " + code);
      }
      return true;
    });
  }

  @FunctionalInterface
  private interface Op {
    boolean run() throws Exception;
  }

  private record Result(String name, long ops, double seconds, long[] latenciesNs) {
    @Override
    public String toString() {
      long[] l = latenciesNs.clone();
      Arrays.sort(l);
      return String.format(Locale.ROOT, "%-52s %9d ops in %6.1f s = %8.0f ops/s; latency p50 %.2f ms, p99 %.2f ms, "
          + "max %.2f ms", name, ops, seconds, ops / seconds, pct(l, 0.50), pct(l, 0.99), l[l.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double p) {
      return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }
  }

  private Result run(String name, int concurrency, long end, Op op) throws Exception {
    List<long[]> perThread = new ArrayList<>();
    int[] counts = new int[concurrency];
    var threads = new ArrayList<Thread>();
    var failure = new java.util.concurrent.atomic.AtomicReference<Throwable>();
    long start = System.nanoTime();
    for (int t = 0; t < concurrency; t++) {
      long[] lat = new long[1 << 20];
      perThread.add(lat);
      int me = t;
      Thread th = new Thread(() -> {
        try {
          while (System.nanoTime() < end && failure.get() == null) {
            long t0 = System.nanoTime();
            if (!op.run()) {
              return;
            }
            if (counts[me] < lat.length) {
              lat[counts[me]] = System.nanoTime() - t0;
            }
            counts[me]++;
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "c" + t);
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException(name + " failed", failure.get());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long ops = 0;
    var all = new ArrayList<Long>();
    for (int t = 0; t < concurrency; t++) {
      ops += counts[t];
      for (int i = 0; i < Math.min(counts[t], perThread.get(t).length); i++) {
        all.add(perThread.get(t)[i]);
      }
    }
    return new Result(name, ops, seconds, all.stream().mapToLong(Long::longValue).toArray());
  }
}
