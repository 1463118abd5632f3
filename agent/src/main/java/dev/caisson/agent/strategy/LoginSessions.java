package dev.caisson.agent.strategy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The default probe: sessions with a TTY from {@code loginctl list-sessions --no-legend} (columns
 * SESSION UID USER SEAT TTY ...); without loginctl, the session files in /run/systemd/sessions
 * that name a {@code TTY=} and are {@code ACTIVE=1} or {@code STATE=active|online}.
 * {@code /run/caisson/agent/override-interactive-check} turns the check off, as Zincati's file does.
 */
public final class LoginSessions implements SessionProbe {
  private final Path root;

  public LoginSessions(Path root) {
    this.root = root;
  }

  @Override
  public int interactiveSessions() throws IOException {
    if (Files.exists(root.resolve("run/caisson/agent/override-interactive-check"))) {
      return 0;
    }
    if (root.toAbsolutePath().normalize().toString().equals("/")) {
      try {
        Process p = new ProcessBuilder("loginctl", "list-sessions", "--no-legend").redirectErrorStream(false).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.getErrorStream().close();
        if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return countTty(out.lines().toList());
        }
      } catch (IOException e) {
        // no loginctl: fall back to the session files
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while asking loginctl", e);
      }
    }
    return fromFiles(root.resolve("run/systemd/sessions"));
  }

  /** Rows with a TTY column that names a terminal (tty*, pts/*). */
  static int countTty(List<String> rows) {
    int n = 0;
    for (String row : rows) {
      String[] cols = row.strip().split("\\s+");
      for (int i = 3; i < cols.length; i++) {
        if (cols[i].startsWith("tty") || cols[i].startsWith("pts/")) {
          n++;
          break;
        }
      }
    }
    return n;
  }

  static int fromFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int n = 0;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path f : s) {
        if (!Files.isRegularFile(f) || f.getFileName().toString().endsWith(".ref")) {
          continue;
        }
        List<String> lines = Files.readAllLines(f);
        boolean tty = lines.stream().anyMatch(l -> l.startsWith("TTY=") && l.length() > 4);
        boolean active = lines.stream().anyMatch(l -> l.equals("ACTIVE=1") || l.equals("STATE=active")
            || l.equals("STATE=online"));
        if (tty && active) {
          n++;
        }
      }
    }
    return n;
  }
}
