package dev.caisson.config.yaml;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Composes one YAML document into a node tree that keeps every node's position. Hostile input
 * fails fast with a clean message: documents over {@link #MAX_CHARS}, more than
 * {@link #MAX_ALIASES} aliases to collections (alias bombs), and nesting deep enough to exhaust
 * the parser's stack.
 */
public final class YamlDocument {
  /** Far above any real config (a 13,000-line one is about 400 KB). */
  public static final int MAX_CHARS = 32 * 1024 * 1024;

  public static final int MAX_ALIASES = 100;

  private static final long PARSER_STACK = 8L * 1024 * 1024;

  private YamlDocument() {}

  /** The document's root node, or empty for a document with no content. */
  public static Optional<Node> compose(String text, String name) throws YamlException {
    if (text.length() > MAX_CHARS) {
      throw new YamlException("input is " + (text.length() / (1024 * 1024)) + " MiB; the limit is "
          + MAX_CHARS / (1024 * 1024) + " MiB", 0, 0);
    }
    int directive = directiveLine(text);
    if (directive > 0) {
      throw new YamlException("YAML directives such as %YAML are not supported; remove the line", directive, 1);
    }
    LoadSettings settings = LoadSettings.builder()
        .setLabel(name)
        .setUseMarks(true)
        .setAllowDuplicateKeys(true)
        .setAllowRecursiveKeys(false)
        .setMaxAliasesForCollections(MAX_ALIASES)
        .setCodePointLimit(MAX_CHARS)
        .build();
    var result = new AtomicReference<Optional<Node>>();
    var failure = new AtomicReference<Throwable>();
    // A thread with a known stack, so that pathological nesting ends in StackOverflowError here.
    Thread t = new Thread(null, () -> {
      try {
        result.set(new Compose(settings).composeString(text));
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "yaml-compose", PARSER_STACK);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new YamlException("interrupted while reading YAML", 0, 0);
    }
    Throwable e = failure.get();
    if (e == null) {
      return result.get();
    }
    if (e instanceof StackOverflowError) {
      throw new YamlException("the document is nested too deeply", 0, 0);
    }
    if (e instanceof MarkedYamlEngineException m) {
      Optional<Mark> mark = m.getProblemMark().or(m::getContextMark);
      String problem = m.getProblem() == null ? "invalid YAML" : m.getProblem();
      String context = m.getContext() == null ? "" : m.getContext() + ": ";
      throw new YamlException("YAML syntax error: " + context + problem,
          mark.map(k -> k.getLine() + 1).orElse(0), mark.map(k -> k.getColumn() + 1).orElse(0));
    }
    if (e instanceof YamlEngineException y) {
      throw new YamlException("YAML error: " + y.getMessage(), 0, 0);
    }
    if (e instanceof OutOfMemoryError) {
      throw new YamlException("the document is too large to read", 0, 0);
    }
    throw new IllegalStateException("YAML parser failed", e);
  }

  private static int directiveLine(String text) {
    int line = 1;
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      if (text.startsWith("%", start)) {
        return line;
      }
      if (text.startsWith("---", start)) {
        return 0;
      }
      // directives may only precede the document; stop at the first content line
      if (end > start && text.charAt(start) != '#') {
        return 0;
      }
      line++;
      start = end + 1;
    }
    return 0;
  }

  /** 1-based line of a node's start. */
  public static int line(Node n) {
    return n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  /** 1-based column of a node's start. */
  public static int column(Node n) {
    return n.getStartMark().map(m -> m.getColumn() + 1).orElse(0);
  }
}
