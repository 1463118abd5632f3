package dev.caisson.agent.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginSessionsTest {
  @TempDir Path root;

  @Test
  void countsLoginctlRowsWithATerminal() {
    List<String> rows = List.of(
        "      2 1000 core  seat0 tty1   active  no  -",
        "      5 1000 core  -     pts/0  active  no  -",
        "     c1  980 gdm   seat0 -      online  no  -");
    assertThat(LoginSessions.countTty(rows)).isEqualTo(2);
  }

  @Test
  void fallsBackToSessionFilesAndHonoursTheOverride() throws Exception {
    Path dir = Files.createDirectories(root.resolve("run/systemd/sessions"));
    Files.writeString(dir.resolve("3"), "UID=1000\nTTY=pts/1\nSTATE=active\nACTIVE=1\n");
    Files.writeString(dir.resolve("4"), "UID=980\nSTATE=online\n");
    Files.writeString(dir.resolve("3.ref"), "");
    var probe = new LoginSessions(root);
    assertThat(probe.interactiveSessions()).isEqualTo(1);
    Files.createDirectories(root.resolve("run/caisson/agent"));
    Files.writeString(root.resolve("run/caisson/agent/override-interactive-check"), "");
    assertThat(probe.interactiveSessions()).isZero();
  }
}
