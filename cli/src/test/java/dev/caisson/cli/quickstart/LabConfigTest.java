package dev.caisson.cli.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabConfigTest {
  private static final Path ROOT = Path.of(System.getProperty("caisson.root", "..")).toAbsolutePath().normalize();
  @TempDir Path dir;

  @Test
  void theQuickStartConfigRunsTheBusyboxImageAndPointsTheAgentAtTheServer() throws Exception {
    var ign = Lab.transpile(ROOT.resolve("examples/quickstart.bu"));
    JsonNode unit = null;
    for (JsonNode u : ign.at("/systemd/units")) {
      if (u.path("name").asText().equals("quickstart-web.service")) {
        unit = u;
      }
    }
    assertThat(unit).isNotNull();
    assertThat(unit.path("enabled").asBoolean()).isTrue();
    assertThat(unit.path("contents").asText()).contains("oci:/usr/share/caisson/images/busybox httpd -f -p 8080");
    assertThat(ign.toString()).contains("/etc/caisson/agent.d/50-quickstart.toml")
        .contains("/etc/caisson-quickstart/www/index.html");
    assertThat(QuickstartCommand.SERVER_PORT).isEqualTo(8765);
  }

  @Test
  void keysAndFilesAreAddedToTheConfig() throws Exception {
    var ign = Lab.transpile(ROOT.resolve("examples/quickstart.bu"));
    Lab.addSshKey(ign, "core", "ssh-ed25519 AAAA core-key");
    Lab.addSshKey(ign, "root", "ssh-ed25519 AAAA root-key");
    Lab.addFile(ign, "/etc/x.toml", 0644, "a = 1\n");
    JsonNode users = ign.at("/passwd/users");
    assertThat(users).hasSize(2);
    assertThat(users.get(0).path("name").asText()).isEqualTo("core");
    assertThat(users.get(0).at("/sshAuthorizedKeys/0").asText()).isEqualTo("ssh-ed25519 AAAA core-key");
    assertThat(users.get(1).path("name").asText()).isEqualTo("root");
    JsonNode last = ign.at("/storage/files").get(ign.at("/storage/files").size() - 1);
    assertThat(last.path("path").asText()).isEqualTo("/etc/x.toml");
    assertThat(last.path("mode").asInt()).isEqualTo(0644);
    String url = last.at("/contents/source").asText();
    assertThat(new String(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)), StandardCharsets.UTF_8))
        .isEqualTo("a = 1\n");
    Path written = new Lab(ROOT, dir, dir.resolve("vm"), 1, "t", (s, m, t) -> { }).writeConfig(ign, "c.ign");
    assertThat(Files.readString(written)).startsWith("{\"ignition\"").contains("root-key");
  }

  @Test
  void sshIsRetriedOnlyWhenTheConnectionItselfFailed() {
    assertThat(Lab.sshNotUp("kex_exchange_identification: Connection closed by remote host\n")).isTrue();
    assertThat(Lab.sshNotUp("ssh: connect to host 127.0.0.1 port 2222: Connection refused\n")).isTrue();
    assertThat(Lab.sshNotUp("core@127.0.0.1: Permission denied (publickey).\n")).isFalse();
    assertThat(Lab.sshNotUp("grep: /etc/x: No such file or directory\n")).isFalse();
  }
}
