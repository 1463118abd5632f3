package dev.caisson.agent;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the configured reboot command ({@code systemctl reboot} by default). */
public final class CommandRebooter implements Rebooter {
  private final List<String> command;

  public CommandRebooter(List<String> command) {
    this.command = List.copyOf(command);
  }

  @Override
  public void reboot(String reason) throws IOException {
    Process p = new ProcessBuilder(command).inheritIO().start();
    try {
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroy();
        throw new IOException("reboot command " + command + " did not finish");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while rebooting", e);
    }
    if (p.exitValue() != 0) {
      throw new IOException("reboot command " + command + " exited " + p.exitValue());
    }
  }
}
