package dev.caisson.disk;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a table back with {@code sfdisk --json}, the independent check the tests rely on. */
final class Sfdisk {
  /** One partition as sfdisk reports it. */
  record Part(String node, long start, long size, String type, String uuid, String name) {}

  /** The table's label-id (disk GUID) and partitions. */
  record Table(String label, String id, long firstLba, long lastLba, List<Part> partitions) {}

  private Sfdisk() {}

  static Table read(Path image) throws Exception {
    Process p = new ProcessBuilder("sfdisk", "--json", image.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new AssertionError("sfdisk --json failed: " + out);
    }
    List<Part> parts = new ArrayList<>();
    Matcher m = Pattern.compile("\\{\\s*\"node\":\\s*\"([^\"]+)\",([^}]*)}").matcher(out);
    while (m.find()) {
      String body = m.group(2);
      parts.add(new Part(m.group(1), Long.parseLong(field(body, "start")), Long.parseLong(field(body, "size")),
          field(body, "type"), field(body, "uuid"), field(body, "name")));
    }
    return new Table(field(out, "label"), field(out, "id"), Long.parseLong(field(out, "firstlba")),
        Long.parseLong(field(out, "lastlba")), parts);
  }

  private static String field(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":\\s*(\"([^\"]*)\"|(\\d+))").matcher(json);
    if (!m.find()) {
      return null;
    }
    return m.group(2) != null ? m.group(2) : m.group(3);
  }
}
