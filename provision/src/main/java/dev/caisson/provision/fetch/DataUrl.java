package dev.caisson.provision.fetch;

import dev.caisson.provision.ProvisionException;
import java.io.ByteArrayOutputStream;
import java.util.Base64;

/** Decodes RFC 2397 {@code data:} URLs. */
final class DataUrl {
  private DataUrl() {}

  static byte[] decode(String url) throws ProvisionException {
    int comma = url.indexOf(',');
    if (!url.startsWith("data:") || comma < 0) {
      throw new ProvisionException("invalid data URL (no comma)");
    }
    String meta = url.substring(5, comma);
    byte[] raw = unescape(url.substring(comma + 1));
    if (meta.endsWith(";base64")) {
      try {
        return Base64.getMimeDecoder().decode(raw);
      } catch (IllegalArgumentException e) {
        throw new ProvisionException("invalid base64 in data URL: " + e.getMessage());
      }
    }
    return raw;
  }

  private static byte[] unescape(String s) throws ProvisionException {
    var out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new ProvisionException("invalid percent escape in data URL");
        }
        out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else if (c < 0x80) {
        out.write(c);
      } else {
        byte[] b = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toByteArray();
  }
}
