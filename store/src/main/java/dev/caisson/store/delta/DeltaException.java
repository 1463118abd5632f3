package dev.caisson.store.delta;

/** A malformed, inconsistent or unusable static delta. */
public final class DeltaException extends dev.caisson.store.StoreException {
  public DeltaException(String message) {
    super(message);
  }
}
