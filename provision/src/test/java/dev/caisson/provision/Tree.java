package dev.caisson.provision;

import dev.caisson.provision.fetch.Verification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A root's tree as path -> type, mode, uid, gid, content hash or link target; with the masks
 * FORMATS.md lists: result and stamp files, shadow-utils backups and lock, shadow's last-change
 * day, and preset line order.
 */
final class Tree {
  private static final Set<String> MASKED = Set.of("etc/.ignition-result.json", Provisioner.STAMP, Provisioner.RESULT,
      "etc/passwd-", "etc/group-", "etc/shadow-", "etc/gshadow-", "etc/.pwd.lock");

  private Tree() {}

  static Map<String, String> of(Path root) throws IOException {
    var out = new TreeMap<String, String>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        String rel = root.relativize(p).toString();
        if (MASKED.contains(rel)) {
          continue;
        }
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        String head = String.format("%06o %s:%s", mode, a.get("uid"), a.get("gid"));
        String what;
        if (Files.isSymbolicLink(p)) {
          what = "-> " + Files.readSymbolicLink(p);
          head = String.format("link %s:%s", a.get("uid"), a.get("gid"));
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          what = Verification.sha256(content(rel, Files.readAllBytes(p)));
        } else {
          what = "";
        }
        out.put(rel, head + " " + what);
      }
    }
    return out;
  }

  private static byte[] content(String rel, byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    if (rel.equals("etc/shadow")) {
      text = text.lines().map(l -> {
        String[] f = l.split(":", -1);
        if (f.length > 2) {
          f[2] = "DAY";
        }
        return String.join(":", f);
      }).collect(Collectors.joining("\n"));
    } else if (rel.endsWith(".preset")) {
      text = text.lines().sorted().collect(Collectors.joining("\n"));
    } else {
      return data;
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
