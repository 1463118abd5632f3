package dev.caisson.disk;

import java.io.IOException;

/** A disk or filesystem operation that failed, with the device and the config entry in the message. */
public final class DiskException extends IOException {
  private static final long serialVersionUID = 1L;

  public DiskException(String message) {
    super(message);
  }

  public DiskException(String message, Throwable cause) {
    super(message, cause);
  }
}
