package dev.caisson.provision.fetch;

import dev.caisson.provision.ProvisionException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Ignition's {@code verification.hash}: {@code sha512-HEX} or {@code sha256-HEX}. */
public record Verification(String algorithm, String hex) {
  public static Verification parse(String spec) throws ProvisionException {
    int dash = spec.indexOf('-');
    String fn = dash < 0 ? "" : spec.substring(0, dash);
    String algorithm = switch (fn) {
      case "sha512" -> "SHA-512";
      case "sha256" -> "SHA-256";
      default -> throw new ProvisionException("unsupported hash function in " + spec);
    };
    return new Verification(algorithm, spec.substring(dash + 1).toLowerCase(java.util.Locale.ROOT));
  }

  /** Throws unless {@code data} hashes to the expected value. */
  public void check(byte[] data, String what) throws ProvisionException {
    String actual = hash(algorithm, data);
    if (!actual.equals(hex)) {
      throw new ProvisionException(what + ": hash mismatch: expected " + algorithm.toLowerCase(java.util.Locale.ROOT)
          .replace("-", "") + "-" + hex + ", got " + actual);
    }
  }

  public static String sha256(byte[] data) {
    return hash("SHA-256", data);
  }

  static String hash(String algorithm, byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
