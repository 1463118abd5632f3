package dev.caisson.store.gvariant;

/** Bytes that are not a well-formed GVariant of the expected type. */
public final class GVariantException extends RuntimeException {
  public GVariantException(String message) {
    super(message);
  }
}
