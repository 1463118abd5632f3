package dev.caisson.config.ignition;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.regex.Pattern;

/** Checks a resource: its URL scheme and form, compression, verification hash and HTTP headers. */
final class ResourceRules {
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
  private static final Pattern ARN = Pattern.compile("arn:[^:]+:s3:::[^/]+/.+");

  private ResourceRules() {}

  static void check(JsonNode r, String path, SpecVersion spec, Findings out) {
    JsonNode source = r.get("source");
    if (source != null && source.isTextual()) {
      url(source.asText(), path + ".source", spec, out);
    }
    JsonNode compression = r.get("compression");
    if (compression != null && compression.isTextual()) {
      String c = compression.asText();
      if (!c.isEmpty() && !c.equals("gzip")) {
        out.error(path + ".compression", "invalid compression method \"" + c + "\": use gzip, or leave it out");
      }
    }
    JsonNode hash = r.path("verification").get("hash");
    if (hash != null && hash.isTextual()) {
      hash(hash.asText(), path + ".verification.hash", spec, out);
    }
    JsonNode headers = r.get("httpHeaders");
    if (headers != null && headers.isArray()) {
      var names = new HashSet<String>();
      for (int i = 0; i < headers.size(); i++) {
        String name = headers.get(i).path("name").asText("");
        String hp = path + ".httpHeaders." + i;
        if (name.isEmpty()) {
          out.error(hp + ".name", "HTTP header name is required");
        } else if (!names.add(name)) {
          out.error(hp + ".name", "duplicate HTTP header \"" + name + "\"");
        }
      }
      if (headers.size() > 0 && source != null && source.isTextual()) {
        String scheme = scheme(source.asText());
        if (!scheme.equals("http") && !scheme.equals("https")) {
          out.error(path + ".httpHeaders", "HTTP headers can only be used with http or https sources");
        }
      }
    }
  }

  static void url(String url, String path, SpecVersion spec, Findings out) {
    String scheme = scheme(url);
    switch (scheme) {
      case "http", "https", "tftp" -> parses(url, path, out);
      case "s3" -> {
        parses(url, path, out);
        if (url.contains("versionId=") && url.matches(".*[?&]versionId=(&.*)?$")) {
          out.error(path, "invalid S3 version ID: versionId must not be empty");
        }
      }
      case "gs" -> {
        if (!spec.atLeast(SpecVersion.V3_1_0)) {
          out.error(path, "invalid url scheme: gs:// needs spec 3.1.0 or newer");
        } else {
          parses(url, path, out);
        }
      }
      case "arn" -> {
        if (!spec.atLeast(SpecVersion.V3_4_0)) {
          out.error(path, "invalid url scheme: arn: needs spec 3.4.0 or newer");
        } else if (!ARN.matcher(url.split("\\?")[0]).matches()) {
          out.error(path, "invalid S3 ARN format: write arn:aws:s3:::bucket/key");
        }
      }
      case "data" -> {
        if (url.indexOf(',') < 0) {
          out.error(path, "invalid data URL: it has no comma before the data");
        }
      }
      default -> out.error(path, "invalid url scheme \"" + scheme + "\": use http, https, tftp, s3, gs, arn or data");
    }
  }

  private static void parses(String url, String path, Findings out) {
    try {
      new URI(url);
    } catch (URISyntaxException e) {
      out.error(path, "invalid url: " + e.getReason());
    }
  }

  static String scheme(String url) {
    int colon = url.indexOf(':');
    return colon < 0 ? "" : url.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
  }

  private static void hash(String h, String path, SpecVersion spec, Findings out) {
    int dash = h.indexOf('-');
    if (dash < 0) {
      out.error(path, "malformed hash specifier: write sha512-<hex> or sha256-<hex>");
      return;
    }
    String fn = h.substring(0, dash);
    String sum = h.substring(dash + 1);
    int want;
    if (fn.equals("sha512")) {
      want = 128;
    } else if (fn.equals("sha256") && spec.atLeast(SpecVersion.V3_1_0)) {
      want = 64;
    } else {
      out.error(path, "unrecognized hash function \"" + fn + "\": use sha512"
          + (spec.atLeast(SpecVersion.V3_1_0) ? " or sha256" : ""));
      return;
    }
    if (sum.length() != want || !HEX.matcher(sum).matches()) {
      out.error(path, "incorrect size for hash sum: " + fn + " takes " + want + " hex digits");
    }
  }
}
