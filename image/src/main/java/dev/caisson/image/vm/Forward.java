package dev.caisson.image.vm;

/** A TCP port of the host (on 127.0.0.1) forwarded to a port of the guest. */
public record Forward(int hostPort, int guestPort) {
  public Forward {
    if (hostPort < 1 || hostPort > 65535 || guestPort < 1 || guestPort > 65535) {
      throw new IllegalArgumentException("ports are 1..65535: " + hostPort + ":" + guestPort);
    }
  }

  /** Parses {@code HOST:GUEST}, or a single port forwarded to itself. */
  public static Forward parse(String s) {
    String[] p = s.split(":");
    try {
      if (p.length == 1) {
        return new Forward(Integer.parseInt(p[0]), Integer.parseInt(p[0]));
      }
      if (p.length == 2) {
        return new Forward(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("not HOST:GUEST ports: '" + s + "'");
  }

  /** QEMU's user-mode networking form. */
  public String hostfwd() {
    return "hostfwd=tcp:127.0.0.1:" + hostPort + "-:" + guestPort;
  }

  @Override
  public String toString() {
    return hostPort + ":" + guestPort;
  }
}
