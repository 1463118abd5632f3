package dev.caisson.image.vm;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Waits for a VM to come up by reading its serial console log: {@code CAISSON-READY} means up,
 * {@code CAISSON-PROVISION-FAILED:} means the first boot stopped. An SSH banner on the forwarded
 * port also counts as up.
 */
public final class ConsoleWatch {
  public static final String READY = "CAISSON-READY";
  public static final String PROVISION_FAILED = "CAISSON-PROVISION-FAILED:";
  private static final int KEEP = 25;

  /** How a wait ended. */
  public sealed interface Outcome {
    /** The last console lines seen, for messages. */
    List<String> tail();
  }

  public record Ready(double seconds, String how, List<String> tail) implements Outcome {}

  public record ProvisionFailed(String line, List<String> tail) implements Outcome {}

  public record Exited(List<String> tail) implements Outcome {}

  public record TimedOut(Duration after, List<String> tail) implements Outcome {}

  private final Path log;
  private final long fromOffset;
  private final int sshPort;

  /** @param sshPort a host port forwarded to the guest's SSH, or 0 to watch the console only */
  public ConsoleWatch(Path log, long fromOffset, int sshPort) {
    this.log = log;
    this.fromOffset = fromOffset;
    this.sshPort = sshPort;
  }

  /**
   * Reads the console until an outcome; {@code echo} gets every new line (for {@code --serial}),
   * {@code alive} says whether the VM still runs.
   */
  public Outcome await(Duration timeout, Consumer<String> echo, BooleanSupplier alive) throws IOException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long pos = fromOffset;
    var partial = new StringBuilder();
    Deque<String> tail = new ArrayDeque<>();
    long nextSsh = 0;
    while (true) {
      if (Files.exists(log)) {
        try (InputStream in = Files.newInputStream(log)) {
          in.skipNBytes(Math.min(pos, Files.size(log)));
          byte[] more = in.readAllBytes();
          pos += more.length;
          partial.append(new String(more, StandardCharsets.UTF_8));
        }
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
          String line = partial.substring(0, nl).replace("\r", "");
          partial.delete(0, nl + 1);
          echo.accept(line);
          tail.addLast(line);
          if (tail.size() > KEEP) {
            tail.removeFirst();
          }
          if (line.contains(PROVISION_FAILED)) {
            return new ProvisionFailed(line.substring(line.indexOf(PROVISION_FAILED)), List.copyOf(tail));
          }
          if (line.contains(READY)) {
            return new Ready(seconds(start), "console marker", List.copyOf(tail));
          }
        }
      }
      long now = System.nanoTime();
      if (sshPort > 0 && now > nextSsh) {
        nextSsh = now + 2_000_000_000L;
        if (sshAnswers(sshPort)) {
          return new Ready(seconds(start), "ssh answers on 127.0.0.1:" + sshPort, List.copyOf(tail));
        }
      }
      if (!alive.getAsBoolean()) {
        return new Exited(List.copyOf(tail));
      }
      if (now > deadline) {
        return new TimedOut(timeout, List.copyOf(tail));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  /** QEMU's user networking accepts on the host port at once; only a guest sshd sends the banner. */
  static boolean sshAnswers(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      s.setSoTimeout(800);
      byte[] b = s.getInputStream().readNBytes(4);
      return new String(b, StandardCharsets.US_ASCII).equals("SSH-");
    } catch (IOException e) {
      return false;
    }
  }
}
