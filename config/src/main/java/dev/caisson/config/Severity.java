package dev.caisson.config;

/** How bad a {@link Problem} is. Only errors stop a translation; warnings stop it under {@code --strict}. */
public enum Severity {
  ERROR,
  WARNING,
  INFO;

  /** The lower-case word used in messages: {@code error}, {@code warning}, {@code info}. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
