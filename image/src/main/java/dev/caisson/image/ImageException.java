package dev.caisson.image;

import java.io.IOException;

/** An image could not be built or run; the message names the tool or file. */
public final class ImageException extends IOException {
  private static final long serialVersionUID = 1L;

  public ImageException(String message) {
    super(message);
  }

  public ImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
