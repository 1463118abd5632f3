package dev.caisson.server.graph;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * A client's rollout wariness, 0 (eager) to 1 (last). An explicit {@code rollout_wariness} wins (clamped to
 * 0..1); otherwise it is derived from {@code node_uuid} by a stable uniform hash (the first 8 bytes of its
 * SHA-256 as an unsigned fraction), clamped to [0.000001, 1] so that only explicit canaries get a release at
 * start value 0, as in fedora-coreos-cincinnati.
 */
public final class Wariness {
  public static final double MIN_COMPUTED = 0.000001;

  private Wariness() {}

  public static double of(Optional<String> explicit, Optional<String> nodeUuid) {
    if (explicit.isPresent()) {
      try {
        double w = Double.parseDouble(explicit.get().strip());
        if (!Double.isNaN(w)) {
          return Math.min(1.0, Math.max(0.0, w));
        }
      } catch (NumberFormatException e) {
        // not a number: fall through to the node's own
      }
    }
    return fromUuid(nodeUuid.orElse(""));
  }

  static double fromUuid(String uuid) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(uuid.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits = (bits << 8) | (digest[i] & 0xff);
    }
    // unsigned 64-bit value over 2^64 - 1
    double w = ((bits >>> 11) * 0x1.0p-53);
    return Math.min(1.0, Math.max(MIN_COMPUTED, w));
  }
}
