package dev.caisson.deploy.boot;

import java.util.Arrays;

/** Reads kernel arguments out of a boot entry's {@code options} line. */
public final class KernelArgsOf {
  private KernelArgsOf() {}

  /** The {@code ostree=} value of the entry, which names the deployment it boots. */
  public static String ostreeArg(BlsEntry entry) {
    String options = entry.get("options");
    if (options == null) {
      throw new IllegalArgumentException("boot entry has no options line");
    }
    return Arrays.stream(options.trim().split("\\s+"))
        .filter(a -> a.startsWith("ostree="))
        .map(a -> a.substring(7))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("boot entry has no ostree= argument"));
  }
}
