package dev.caisson.cli.image;

import dev.caisson.image.ImageListener;
import java.io.PrintWriter;

/** Shows an image build's steps on stderr, and pull progress at every tenth. */
final class StepPrinter implements ImageListener {
  private final PrintWriter err;
  private long lastTenth = -1;

  StepPrinter(PrintWriter err) {
    this.err = err;
  }

  @Override
  public synchronized void step(String message) {
    err.println(message);
    err.flush();
  }

  @Override
  public synchronized void progress(String what, long done, long total) {
    if (total <= 0) {
      return;
    }
    long tenth = done * 10 / total;
    if (tenth != lastTenth) {
      lastTenth = tenth;
      err.println("  " + what + " " + done + "/" + total + " objects (" + tenth * 10 + "%)");
      err.flush();
    }
  }
}
