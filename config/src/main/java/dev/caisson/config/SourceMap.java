package dev.caisson.config;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each path of a generated JSON document came from in the source: for Ignition JSON, its own
 * line and column; for Butane, the YAML node that produced it. Problems found on the JSON are
 * reported at the nearest recorded ancestor.
 */
public final class SourceMap {
  /** A source location. */
  public record Origin(String sourcePath, int line, int column) {}

  private final Map<String, Origin> origins = new HashMap<>();
  private final boolean recording;

  public SourceMap() {
    this(true);
  }

  private SourceMap(boolean recording) {
    this.recording = recording;
  }

  /**
   * A map that records nothing: for a first, fast pass over input that is usually valid, where
   * positions are worth their cost only once there is a problem to place.
   */
  public static SourceMap none() {
    return new SourceMap(false);
  }

  /** Whether this map records origins (callers may skip building paths when it does not). */
  public boolean recording() {
    return recording;
  }

  public void put(String jsonPath, String sourcePath, int line, int column) {
    if (recording) {
      origins.put(jsonPath, new Origin(sourcePath, line, column));
    }
  }

  /** Records {@code jsonPath} with the same origin as {@code fromJsonPath}, if that is known. */
  public void alias(String jsonPath, String fromJsonPath) {
    Origin o = locate(fromJsonPath);
    if (o != null) {
      origins.put(jsonPath, o);
    }
  }

  /** The origin of {@code jsonPath} or of its nearest recorded ancestor; null if none. */
  public Origin locate(String jsonPath) {
    String p = jsonPath;
    while (true) {
      Origin o = origins.get(p);
      if (o != null) {
        return o;
      }
      int dot = p.lastIndexOf('.');
      if (dot < 0) {
        return null;
      }
      p = p.substring(0, dot);
    }
  }

  /** A problem about {@code jsonPath}, placed at its origin and named by its source path. */
  public Problem place(Problem p) {
    Origin o = locate(p.path());
    if (o == null) {
      return p;
    }
    String path = exact(p.path()) != null ? exact(p.path()).sourcePath() : o.sourcePath();
    return new Problem(p.severity(), path, o.line(), o.column(), p.message());
  }

  private Origin exact(String jsonPath) {
    return origins.get(jsonPath);
  }
}
