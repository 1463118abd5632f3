package dev.caisson.deploy.etc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeCopyTest {
  @TempDir Path tmp;

  /** path -> type, mode, owner, content or link target. */
  private static Map<String, String> describe(Path root) throws IOException {
    var out = new TreeMap<String, String>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        var a = Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        String what = Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
            : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : Files.readString(p);
        out.put(root.relativize(p).toString(), Integer.toOctalString((Integer) a.get("mode")) + " " + a.get("uid")
            + ":" + a.get("gid") + " " + what);
      }
    }
    return out;
  }

  @Test
  void aLargeTreeIsCopiedWholeOnSeveralThreadsWithModesOwnersAndLinks() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    for (int d = 0; d < 20; d++) {
      Path dir = Files.createDirectories(src.resolve("d" + d).resolve("sub"));
      for (int f = 0; f < 15; f++) {
        Path file = dir.resolve("f" + f);
        Files.writeString(file, "file " + d + "/" + f);
        Files.setAttribute(file, "unix:mode", f % 2 == 0 ? 0640 : 0755);
        if (f % 5 == 0) {
          Files.setAttribute(file, "unix:gid", 42);
        }
      }
      Files.createSymbolicLink(dir.resolve("link"), Path.of("f0"));
      Files.setAttribute(dir, "unix:mode", 0555); // read-only: its children must be in before its mode
    }
    Files.setAttribute(src.resolve("d3"), "unix:uid", 7);
    Path target = tmp.resolve("target");
    TreeCopy.copy(src, target);
    assertThat(describe(target)).hasSize(describe(src).size()).isEqualTo(describe(src));
    assertThat(describe(target)).containsEntry("d3/sub/link", "120777 0:0 -> f0");
  }
}
