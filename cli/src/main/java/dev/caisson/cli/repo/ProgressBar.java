package dev.caisson.cli.repo;

import dev.caisson.store.StoreListener;
import java.io.PrintWriter;

/**
 * Draws store progress on stderr: a bar redrawn in place when stderr is a terminal, nothing
 * otherwise (logs and pipes get no carriage returns). At most ten redraws a second.
 */
final class ProgressBar implements StoreListener {
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final boolean terminal;
  private long lastDraw;
  private boolean drawn;

  ProgressBar(PrintWriter err) {
    this(err, System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM")));
  }

  ProgressBar(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public synchronized void progress(String what, long done, long total) {
    if (!terminal) {
      return;
    }
    long now = System.nanoTime();
    boolean last = total > 0 && done >= total;
    if (!last && drawn && now - lastDraw < 100_000_000L) {
      return;
    }
    lastDraw = now;
    drawn = true;
    err.print("\r" + line(what, done, total) + "\u001b[K");
    if (last) {
      err.println();
      drawn = false;
    }
    err.flush();
  }

  /** One rendering: {@code what [#####.....]  45% 450/1000}, or a count when the total is unknown. */
  static String line(String what, long done, long total) {
    if (total <= 0) {
      return what + ": " + done + " objects";
    }
    int filled = (int) Math.min(WIDTH, done * WIDTH / total);
    return what + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + String.format("%3d%%", done * 100 / total)
        + " " + done + "/" + total;
  }

  /** Ends a line left open by an interrupted bar. */
  synchronized void finish() {
    if (drawn) {
      err.println();
      err.flush();
      drawn = false;
    }
  }
}
