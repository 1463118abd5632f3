package dev.caisson.agent.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * systemd's app-specific machine id ({@code sd_id128_get_machine_app_specific}, {@code systemd-id128
 * machine-id -a APP}): HMAC-SHA256 keyed by the machine id over the app id, first 16 bytes, made a
 * version 4 UUID. Zincati's node UUID is this with app id {@link #ZINCATI_APP}.
 */
public final class AppSpecificId {
  /** The app id Zincati derives its node UUID with. */
  public static final String ZINCATI_APP = "de35106b6ec24688b63afddaa156679b";

  private AppSpecificId() {}

  /** Both ids as 32 hex digits (dashes allowed); the result as 32 lower-case hex digits. */
  public static String of(String machineId, String appId) {
    byte[] key = id128(machineId);
    byte[] app = id128(appId);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] h = mac.doFinal(app);
      byte[] b = java.util.Arrays.copyOf(h, 16);
      b[6] = (byte) ((b[6] & 0x0F) | 0x40);
      b[8] = (byte) ((b[8] & 0x3F) | 0x80);
      return HexFormat.of().formatHex(b);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** The node UUID Zincati would send, from a machine-id file such as /etc/machine-id. */
  public static String nodeUuid(Path machineIdFile) throws IOException {
    String text = Files.readString(machineIdFile).strip();
    try {
      return of(text, ZINCATI_APP);
    } catch (IllegalArgumentException e) {
      throw new IOException(machineIdFile + ": " + e.getMessage(), e);
    }
  }

  static byte[] id128(String s) {
    String hex = s.replace("-", "").toLowerCase(java.util.Locale.ROOT);
    if (!hex.matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException("not a 128-bit id: '" + s + "'");
    }
    return HexFormat.of().parseHex(hex);
  }
}
