package dev.caisson.config.yaml;

/** A YAML document that cannot be read at all: a syntax error, or input over a limit. */
public final class YamlException extends Exception {
  private final int line;
  private final int column;

  public YamlException(String message, int line, int column) {
    super(message);
    this.line = line;
    this.column = column;
  }

  /** 1-based, or 0 when the problem has no position. */
  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
