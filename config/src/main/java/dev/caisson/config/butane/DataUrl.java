package dev.caisson.config.butane;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Encodes file contents as a {@code data:} URL the way Butane does: the shortest of
 * percent-escaping, base64, and (when no compression was asked for) gzip then base64, which must
 * beat the others by more than the four bytes of {@code "gzip"}.
 *
 * @param url the data URL
 * @param compression the compression to write: {@code ""} or {@code "gzip"}; null to keep the
 *     compression the config already names
 */
public record DataUrl(String url, String compression) {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** The smallest gzip+base64 URL tail possible: header, empty deflate block, trailer. */
  private static final int MIN_GZIP_TAIL = ";base64,".length() + 28 + 4;

  public static DataUrl of(byte[] contents, String currentCompression, boolean allowCompression) {
    boolean unset = currentCompression == null || currentCompression.isEmpty();
    String compression = unset ? "" : null;
    String opaque = "," + escape(contents);
    String b64 = ";base64," + Base64.getEncoder().encodeToString(contents);
    if (b64.length() < opaque.length()) {
      opaque = b64;
    }
    if (unset && allowCompression && opaque.length() > MIN_GZIP_TAIL) {
      String gz = ";base64," + Base64.getEncoder().encodeToString(gzip(contents));
      if (gz.length() + 4 < opaque.length()) {
        opaque = gz;
        compression = "gzip";
      }
    }
    return new DataUrl("data:" + opaque, compression);
  }

  /** RFC 2396 unreserved characters stay; every other byte becomes upper-case {@code %XX}. */
  static String escape(byte[] bytes) {
    var sb = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-_.!~*'()".indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
      }
    }
    return sb.toString();
  }

  static byte[] gzip(byte[] contents) {
    var out = new ByteArrayOutputStream(contents.length / 2 + 32);
    try (var gz = new GZIPOutputStream(out) {
      {
        def.setLevel(Deflater.BEST_COMPRESSION);
      }
    }) {
      gz.write(contents);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
