package dev.caisson.disk;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code blkid -p -o export --offset --size} on a byte range of an image: the tests' independent probe. */
final class Blkid {
  private Blkid() {}

  static Map<String, String> probe(Path image, long offset, long size) throws Exception {
    Process p = new ProcessBuilder("blkid", "-p", "-o", "export", "--offset", Long.toString(offset), "--size",
        Long.toString(size), image.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    Map<String, String> tags = new HashMap<>();
    if (rc == 2) {
      return tags;
    }
    if (rc != 0) {
      throw new AssertionError("blkid exit " + rc + ": " + new String(p.getErrorStream().readAllBytes()));
    }
    for (String line : out.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        tags.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return tags;
  }

  /** Probes partition {@code part} of a table read with sfdisk. */
  static Map<String, String> probe(Path image, Sfdisk.Part part) throws Exception {
    return probe(image, part.start() * 512, part.size() * 512);
  }
}
