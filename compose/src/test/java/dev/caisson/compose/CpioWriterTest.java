package dev.caisson.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpioWriterTest {
  @TempDir Path dir;

  static byte[] sample(long mtime) throws Exception {
    var out = new ByteArrayOutputStream();
    try (var w = new CpioWriter(out, mtime)) {
      w.directory("bin", 0755);
      w.file("bin/hello", 0755, "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8));
      w.symlink("bin/sh", "hello");
      w.charDevice("console", 0600, 5, 1);
      w.file("odd", 0644, "12345".getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void busyboxListsAndExtractsWhatWasWritten() throws Exception {
    Path archive = dir.resolve("a.cpio");
    Files.write(archive, sample(1_700_000_000L));
    assertThat(Tools.run(dir, "busybox", "cpio", "-t", "-F", archive.toString()))
        .containsExactly("bin", "bin/hello", "bin/sh", "console", "odd");
    Path out = Files.createDirectory(dir.resolve("out"));
    Tools.run(out, "busybox", "cpio", "-i", "-d", "-m", "-F", archive.toString());
    assertThat(Files.readString(out.resolve("bin/hello"))).isEqualTo("#!/bin/sh\necho hi\n");
    assertThat(Files.isExecutable(out.resolve("bin/hello"))).isTrue();
    assertThat(Files.readSymbolicLink(out.resolve("bin/sh"))).hasToString("hello");
    assertThat(Files.readString(out.resolve("odd"))).isEqualTo("12345");
    assertThat(Files.getLastModifiedTime(out.resolve("odd")).toMillis()).isEqualTo(1_700_000_000_000L);
    List<String> verbose = Tools.run(dir, "busybox", "cpio", "-t", "-v", "-F", archive.toString());
    assertThat(verbose).anyMatch(l -> l.startsWith("crw-------") && l.endsWith("console"));
  }

  @Test
  void newcFraming() throws Exception {
    byte[] a = sample(0);
    String text = new String(a, StandardCharsets.ISO_8859_1);
    assertThat(text).startsWith("070701");
    assertThat(a.length % 4).isZero();
    assertThat(text).contains("TRAILER!!!");
    // the console's rdev major and minor
    int console = text.indexOf("console\0");
    String header = text.substring(text.lastIndexOf("070701", console), console);
    assertThat(header.substring(6 + 9 * 8, 6 + 11 * 8)).isEqualTo("0000000500000001");
  }

  @Test
  void sameEntriesGiveTheSameBytes() throws Exception {
    assertThat(sample(0)).isEqualTo(sample(0));
    assertThat(sample(0)).isNotEqualTo(sample(1));
  }
}
