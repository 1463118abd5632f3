package dev.caisson.store;

import java.io.IOException;

/** A repository that is missing something or holds something broken; the message names it. */
public class StoreException extends IOException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
