package dev.caisson.cli;

import dev.caisson.config.Problem;
import dev.caisson.config.Report;
import dev.caisson.config.Severity;
import dev.caisson.config.SourceText;
import java.io.PrintWriter;

/**
 * Renders a report for people: a header with the severity and path, the file position, and the
 * offending source line with a caret under the token, in colour only when asked.
 *
 * <pre>
 * error[$.storage.files.0.mode]: mode 644 looks decimal; did you mean 0644?
 *   --> config.bu:5:13
 *    |
 *  5 |       mode: 644
 *    |             ^^^
 * </pre>
 */
public final class ProblemPrinter {
  private static final String RESET = "\u001b[0m";
  private static final String RED = "\u001b[1;31m";
  private static final String YELLOW = "\u001b[1;33m";
  private static final String BLUE = "\u001b[1;34m";
  private static final String BOLD = "\u001b[1m";

  private final PrintWriter out;
  private final boolean colour;

  public ProblemPrinter(PrintWriter out, boolean colour) {
    this.out = out;
    this.colour = colour;
  }

  /** Colour on a terminal unless NO_COLOR is set to anything non-empty (no-color.org). */
  public static boolean colourWanted() {
    String noColor = System.getenv("NO_COLOR");
    return System.console() != null && (noColor == null || noColor.isEmpty());
  }

  public void print(Report report, SourceText source) {
    for (Problem p : report.sorted().problems()) {
      print(p, source);
    }
    out.flush();
  }

  public void print(Problem p, SourceText source) {
    String tint = p.severity() == Severity.ERROR ? RED : p.severity() == Severity.WARNING ? YELLOW : BLUE;
    out.println(paint(tint, p.severity().word()) + paint(BOLD, "[" + p.path() + "]: " + p.message()));
    if (!p.hasPosition()) {
      out.println("  --> " + source.name());
      return;
    }
    String gutter = " ".repeat(String.valueOf(p.line()).length());
    out.println(gutter + "--> " + source.name() + ":" + p.line() + ":" + p.column());
    String text = source.line(p.line()).replace('\t', ' ');
    if (text.isEmpty()) {
      return;
    }
    out.println(gutter + " " + paint(BLUE, "|"));
    out.println(paint(BLUE, p.line() + " |") + " " + text);
    int start = Math.min(Math.max(p.column() - 1, 0), text.length());
    int end = start;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    String carets = "^".repeat(Math.max(1, end - start));
    out.println(gutter + " " + paint(BLUE, "|") + " " + " ".repeat(start) + paint(tint, carets));
  }

  private String paint(String code, String text) {
    return colour ? code + text + RESET : text;
  }
}
