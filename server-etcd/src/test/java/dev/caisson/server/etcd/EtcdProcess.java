package dev.caisson.server.etcd;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real etcd (Debian's etcd-server) on loopback ports in a temp directory; restartable; stops itself. */
public final class EtcdProcess implements AutoCloseable {
  private final Path dir;
  private final int clientPort;
  private final int peerPort;
  private Process process;

  public EtcdProcess(Path dir) throws Exception {
    this.dir = dir;
    this.clientPort = freePort();
    this.peerPort = freePort();
    start();
  }

  private static int freePort() throws IOException {
    try (var s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public URI uri() {
    return URI.create("etcd://127.0.0.1:" + clientPort);
  }

  public void start() throws Exception {
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    process = new ProcessBuilder("etcd", "--name", "t", "--data-dir", dir.resolve("etcd").toString(),
        "--listen-client-urls", client, "--advertise-client-urls", client, "--listen-peer-urls", peer,
        "--initial-advertise-peer-urls", peer, "--initial-cluster", "t=" + peer)
        .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
    for (int i = 0; i < 300; i++) {
      try (var s = new Socket("127.0.0.1", clientPort)) {
        return;
      } catch (IOException e) {
        if (!process.isAlive()) {
          throw new IllegalStateException("etcd exited; see " + dir.resolve("etcd.log"));
        }
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("etcd did not listen; see " + dir.resolve("etcd.log"));
  }

  /** SIGKILL, and wait until it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
