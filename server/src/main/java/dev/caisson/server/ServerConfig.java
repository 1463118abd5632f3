package dev.caisson.server;

import dev.caisson.server.fleet.ClosedLoopPolicy;
import dev.caisson.server.lock.LockPolicy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything {@code caisson server} is told, from its YAML file and flags (see docs/server.md). The token is a
 * secret: {@link #toString()} never shows it.
 */
public record ServerConfig(InetSocketAddress listen, Path data, Optional<String> token, Set<String> streams,
    Set<String> architectures, LockPolicy locks, Duration staleAfter, ClosedLoopPolicy closedLoop,
    Optional<URI> store) {
  public static final Set<String> DEFAULT_ARCHES = Set.of("x86_64", "aarch64", "s390x", "ppc64le");

  public ServerConfig {
    streams = Set.copyOf(streams);
    architectures = Set.copyOf(architectures);
    if (architectures.isEmpty()) {
      throw new IllegalArgumentException("architectures must not be empty");
    }
  }

  public static ServerConfig defaults(Path data) {
    return new ServerConfig(new InetSocketAddress("127.0.0.1", 8080), data, Optional.empty(), Set.of(),
        DEFAULT_ARCHES, LockPolicy.defaults(), Duration.ofHours(1), ClosedLoopPolicy.defaults(), Optional.empty());
  }

  public ServerConfig withListen(InetSocketAddress a) {
    return new ServerConfig(a, data, token, streams, architectures, locks, staleAfter, closedLoop, store);
  }

  public ServerConfig withData(Path d) {
    return new ServerConfig(listen, d, token, streams, architectures, locks, staleAfter, closedLoop, store);
  }

  public ServerConfig withToken(Optional<String> t) {
    return new ServerConfig(listen, data, t, streams, architectures, locks, staleAfter, closedLoop, store);
  }

  public ServerConfig withLocks(LockPolicy l) {
    return new ServerConfig(listen, data, token, streams, architectures, l, staleAfter, closedLoop, store);
  }

  public ServerConfig withStreams(Set<String> s) {
    return new ServerConfig(listen, data, token, s, architectures, locks, staleAfter, closedLoop, store);
  }

  public ServerConfig withClosedLoop(ClosedLoopPolicy c) {
    return new ServerConfig(listen, data, token, streams, architectures, locks, staleAfter, c, store);
  }

  /** {@code etcd://HOST:PORT[,HOST:PORT...]}: the shared store of several replicas; empty: the embedded one. */
  public ServerConfig withStore(Optional<URI> s) {
    return new ServerConfig(listen, data, token, streams, architectures, locks, staleAfter, closedLoop, s);
  }

  public ServerConfig withStaleAfter(Duration d) {
    return new ServerConfig(listen, data, token, streams, architectures, locks, d, closedLoop, store);
  }

  @Override
  public String toString() {
    return "ServerConfig[listen=" + listen + ", data=" + data + ", token=" + (token.isPresent() ? "(set)" : "(none)")
        + ", streams=" + streams + ", architectures=" + architectures + ", locks=" + locks + ", staleAfter="
        + staleAfter + ", closedLoop=" + closedLoop + ", store=" + store.map(URI::toString).orElse("embedded") + "]";
  }

  /** {@code HOST:PORT} to an address; {@code [v6]:PORT} too. */
  public static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("write HOST:PORT, such as 127.0.0.1:8080: " + hostPort);
    }
    String host = hostPort.substring(0, colon).replaceAll("^\\[|\\]$", "");
    try {
      return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a port number in " + hostPort);
    }
  }

  /** Reads a token file: its content without surrounding white space; never logged. */
  public static Optional<String> tokenFrom(List<String> lines) {
    String t = String.join("\n", lines).strip();
    return t.isEmpty() ? Optional.empty() : Optional.of(t);
  }
}
