package dev.caisson.provision;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A config's digest computed on its own thread while the run plans, since a first boot needs it
 * only to record the result (only a root that is already stamped needs it up front).
 */
final class PendingDigest {
  private final FutureTask<String> task;

  PendingDigest(JsonNode config) {
    task = new FutureTask<>(() -> ConfigDigest.sha256(config));
    var thread = new Thread(task, "config-digest");
    thread.setDaemon(true);
    thread.start();
  }

  /** The SHA-256 of the config's compact JSON, waiting for it if it is still being computed. */
  String get() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
