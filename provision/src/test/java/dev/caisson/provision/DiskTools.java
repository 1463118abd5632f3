package dev.caisson.provision;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The disks tests' independent checks: sparse images, {@code sfdisk --json}, {@code blkid --probe --offset}. */
final class DiskTools {
  record Part(String node, long start, long size, String type, String uuid, String name) {}

  private DiskTools() {}

  static Path sparseImage(Path file, long bytes) throws Exception {
    try (var raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(bytes);
    }
    return file;
  }

  static List<Part> sfdisk(Path image) throws Exception {
    String out = run("sfdisk", "--json", image.toString());
    List<Part> parts = new ArrayList<>();
    Matcher m = Pattern.compile("\\{\\s*\"node\":\\s*\"([^\"]+)\",([^}]*)}").matcher(out);
    while (m.find()) {
      String b = m.group(2);
      parts.add(new Part(m.group(1), Long.parseLong(field(b, "start")), Long.parseLong(field(b, "size")),
          field(b, "type"), field(b, "uuid"), field(b, "name")));
    }
    return parts;
  }

  static Map<String, String> blkid(Path image, Part p) throws Exception {
    Process proc = new ProcessBuilder("blkid", "--probe", "-o", "export", "--offset", Long.toString(p.start() * 512),
        "--size", Long.toString(p.size() * 512), image.toString()).start();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = proc.waitFor();
    Map<String, String> tags = new HashMap<>();
    if (rc != 0 && rc != 2) {
      throw new AssertionError("blkid exit " + rc);
    }
    for (String line : out.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        tags.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return tags;
  }

  /** SHA-256 of the whole image, streamed. */
  static String sha256(Path image) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(1 << 20);
      while (ch.read(buf) >= 0) {
        buf.flip();
        md.update(buf);
        buf.clear();
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static String run(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new AssertionError(String.join(" ", argv) + ": " + out);
    }
    return out;
  }

  private static String field(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":\\s*(\"([^\"]*)\"|(\\d+))").matcher(json);
    return m.find() ? (m.group(2) != null ? m.group(2) : m.group(3)) : null;
  }
}
