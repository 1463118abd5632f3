package dev.caisson.agent.graph;

/** A failed update check, with a bounded {@code kind} for metrics (as Zincati's error kinds). */
public final class GraphException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String kind;

  public GraphException(String kind, String message) {
    super(message);
    this.kind = kind;
  }

  public String kind() {
    return kind;
  }
}
