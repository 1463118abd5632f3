package dev.caisson.cli;

/**
 * A failure caused by the user's input or environment (a missing file, a bad config), reported as
 * its message alone, with no stack trace unless {@code --debug} is given.
 */
public final class UserException extends RuntimeException {
  private final int exitCode;

  public UserException(String message) {
    this(message, 1, null);
  }

  public UserException(String message, Throwable cause) {
    this(message, 1, cause);
  }

  public UserException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
