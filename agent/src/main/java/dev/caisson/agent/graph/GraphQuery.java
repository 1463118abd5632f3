package dev.caisson.agent.graph;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The query parameters of {@code GET /v1/graph}, as Zincati sends them. */
public record GraphQuery(String basearch, String stream, String nodeUuid, String osVersion, String osChecksum,
    String group, Optional<Double> rolloutWariness) {
  public String queryString() {
    var p = new LinkedHashMap<String, String>();
    p.put("basearch", basearch);
    p.put("stream", stream);
    p.put("node_uuid", nodeUuid);
    p.put("os_version", osVersion);
    p.put("os_checksum", osChecksum);
    p.put("group", group);
    rolloutWariness.ifPresent(w -> p.put("rollout_wariness", String.format(Locale.ROOT, "%.6f", w)));
    var sb = new StringBuilder();
    for (Map.Entry<String, String> e : p.entrySet()) {
      sb.append(sb.length() == 0 ? "" : "&").append(e.getKey()).append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  /** The running machine's architecture as Fedora spells it. */
  public static String hostArch() {
    String a = System.getProperty("os.arch", "");
    return switch (a) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch64";
      default -> a;
    };
  }
}
