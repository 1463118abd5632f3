package dev.caisson.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {
  @TempDir Path dir;

  @Test
  void theLauncherIsValidShellAndNamesItsArchiveAfterTheJar() throws Exception {
    Path jar = dir.resolve("caisson.jar");
    Files.writeString(jar, "not really a jar");
    String id = JavaRuntime.digest(jar, java.util.List.of()).substring(0, 16);
    String text = Composer.LAUNCHER.replace("@JAR_ID@", id);
    Path sh = dir.resolve("caisson");
    Files.writeString(sh, text);
    Tools.run(dir, "busybox", "sh", "-n", sh.toString());
    assertThat(text).startsWith("#!/bin/sh\n").contains("/var/cache/caisson/cds-" + id + ".jsa")
        .contains("exec $JAVA $OPTS -XX:SharedArchiveFile=\"$CDS\" -jar \"$JAR\" \"$@\"")
        .contains("&& mkdir /run/caisson/cds.lock");
    Files.writeString(jar, "another jar");
    assertThat(JavaRuntime.digest(jar, java.util.List.of()).substring(0, 16)).isNotEqualTo(id);
  }
}
