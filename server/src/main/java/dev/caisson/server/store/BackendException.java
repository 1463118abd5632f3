package dev.caisson.server.store;

import java.io.IOException;

/** The store could not answer (disk full, journal unwritable, etcd unreachable): not a refusal, a failure. */
public final class BackendException extends IOException {
  public BackendException(String message) {
    super(message);
  }

  public BackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
