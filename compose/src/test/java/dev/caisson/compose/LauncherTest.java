package dev.caisson.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {
  @TempDir Path dir;

  @Test
  void theLauncherIsValidShellPrefersComposesArchiveAndNamesItsOwnAfterTheJar() throws Exception {
    Path jar = dir.resolve("caisson.jar");
    Files.writeString(jar, "not really a jar");
    String id = JavaRuntime.digest(jar, java.util.List.of()).substring(0, 16);
    String text = Composer.launcher(id);
    Path sh = dir.resolve("caisson");
    Files.writeString(sh, text);
    Tools.run(dir, "busybox", "sh", "-n", sh.toString());
    assertThat(text).startsWith("#!/bin/sh\n").contains("/var/cache/caisson/cds-" + id + ".jsa")
        .contains("exec $JAVA $OPTS -XX:SharedArchiveFile=\"$CDS\" -jar \"$JAR\" \"$@\"")
        .contains("&& mkdir /run/caisson/cds.lock")
        .contains("OPTS=\"-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto")
        .doesNotContain("@JAR_ID@", "@JVM_OPTIONS@");
    // the archive compose recorded in /usr comes first
    assertThat(text.indexOf("/usr/lib/caisson/caisson.jsa")).isPositive().isLessThan(text.indexOf("CDS="));
    Files.writeString(jar, "another jar");
    assertThat(JavaRuntime.digest(jar, java.util.List.of()).substring(0, 16)).isNotEqualTo(id);
  }
}
