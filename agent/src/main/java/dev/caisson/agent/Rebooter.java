package dev.caisson.agent;

import java.io.IOException;

/** Reboots the machine; the staged deployment is finalized on the way down. */
@FunctionalInterface
public interface Rebooter {
  void reboot(String reason) throws IOException;
}
