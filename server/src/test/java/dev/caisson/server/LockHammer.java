package dev.caisson.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * N FleetLock clients, each its own thread, each as Zincati: pre-reboot until granted, "reboot" (hold), then
 * steady-state until it succeeds. Counts what the clients saw: how many held at once at most, grants, errors.
 * While {@link #hold()} is set, granted clients do not unlock, so the holders the clients know of stay put.
 */
final class LockHammer {
  private final Supplier<URI> base;
  private final String group;
  private final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "hammer-http");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool)
      .connectTimeout(Duration.ofSeconds(10)).build();
  final AtomicInteger holdingNow = new AtomicInteger();
  final AtomicInteger maxHolding = new AtomicInteger();
  final AtomicInteger grants = new AtomicInteger();
  final AtomicInteger released = new AtomicInteger();
  final AtomicInteger fullAnswers = new AtomicInteger();
  final AtomicInteger transportErrors = new AtomicInteger();
  final Set<String> unexpected = ConcurrentHashMap.newKeySet();
  /** Clients that were granted and have not sent their unlock yet. */
  final Set<String> holding = ConcurrentHashMap.newKeySet();
  private final Object gate = new Object();
  private volatile boolean held;

  LockHammer(Supplier<URI> base, String group) {
    this.base = base;
    this.group = group;
  }

  void hold() {
    held = true;
  }

  void letGo() {
    synchronized (gate) {
      held = false;
      gate.notifyAll();
    }
  }

  /** Runs {@code clients} clients to completion; returns their threads' failures (none expected). */
  List<Throwable> run(int clients) throws InterruptedException {
    var failures = java.util.Collections.synchronizedList(new ArrayList<Throwable>());
    var threads = new ArrayList<Thread>();
    for (int i = 0; i < clients; i++) {
      String id = String.format("node-%04d", i);
      Thread t = new Thread(() -> {
        try {
          client(id);
        } catch (Throwable e) {
          failures.add(e);
        }
      }, id);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join(600_000);
    }
    pool.shutdownNow();
    return failures;
  }

  private void client(String id) throws Exception {
    String body = "{\"client_params\":{\"id\":\"" + id + "\",\"group\":\"" + group + "\"}}";
    while (call("v1/pre-reboot", body) != 200) {
      pause();
    }
    holding.add(id);
    int now = holdingNow.incrementAndGet();
    maxHolding.accumulateAndGet(now, Math::max);
    grants.incrementAndGet();
    Thread.sleep(ThreadLocalRandom.current().nextInt(1, 5));
    synchronized (gate) {
      while (held) {
        gate.wait();
      }
    }
    holdingNow.decrementAndGet();
    holding.remove(id);
    while (call("v1/steady-state", body) != 200) {
      pause();
    }
    released.incrementAndGet();
  }

  private int call(String path, String body) throws InterruptedException {
    try {
      var r = http.send(HttpRequest.newBuilder(base.get().resolve(path)).timeout(Duration.ofSeconds(60))
          .header("fleet-lock-protocol", "true").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 409 && r.body().contains("failed_lock_semaphore_full")) {
        fullAnswers.incrementAndGet();
      } else if (r.statusCode() != 200) {
        unexpected.add(r.statusCode() + " " + r.body());
      }
      return r.statusCode();
    } catch (IOException e) {
      transportErrors.incrementAndGet();
      return -1;
    }
  }

  private static void pause() throws InterruptedException {
    Thread.sleep(ThreadLocalRandom.current().nextInt(20, 120));
  }
}
