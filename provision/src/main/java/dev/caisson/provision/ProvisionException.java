package dev.caisson.provision;

/** A provisioning failure, with the config entry or source it concerns in the message. */
public final class ProvisionException extends Exception {
  private static final long serialVersionUID = 1L;

  public ProvisionException(String message) {
    super(message);
  }

  public ProvisionException(String message, Throwable cause) {
    super(message, cause);
  }
}
