package dev.caisson.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    var cli = Main.newCommandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void aBadManifestIsReportedWithFileLineAndColumnAndNothingIsBuilt() throws Exception {
    Path m = dir.resolve("os.yaml");
    Files.writeString(m, "release: bookworm\npackages: [systemd]\nmetadata:\n  version: '1'\n  stream: s\n  colour: x\n");
    assertThat(run("compose", "--manifest", m.toString(), "--repo", dir.resolve("repo").toString(),
        "--cache", dir.resolve("cache").toString())).isEqualTo(1);
    assertThat(err.toString()).contains(m + ":6:3: unknown key 'colour' in $.metadata").doesNotContain("\tat ");
    assertThat(dir.resolve("repo")).doesNotExist();
    assertThat(dir.resolve("cache")).doesNotExist();
  }

  @Test
  void aMissingManifestSaysWhere() {
    assertThat(run("compose", "--manifest", dir.resolve("none.yaml").toString(), "--repo", "r")).isEqualTo(1);
    assertThat(err.toString()).contains("no manifest at " + dir.resolve("none.yaml"));
  }

  @Test
  void progressLinesWithoutATerminalAndABarWithOne() {
    var plain = new StringWriter();
    var p = new ComposeCommand.Progress(new PrintWriter(plain), false);
    p.step("bootstrap", "mmdebstrap bookworm");
    p.progress("commit", 5, 10);
    p.finish();
    assertThat(plain.toString()).matches("\\[ *\\d+\\.\\ds\\] bootstrap   mmdebstrap bookworm\\R");
    var tty = new StringWriter();
    var t = new ComposeCommand.Progress(new PrintWriter(tty), true);
    t.progress("commit", 5, 10);
    t.step("initramfs", "done");
    assertThat(tty.toString()).contains("\rcommit [###############...............]  50% 5/10")
        .contains("initramfs   done");
  }
}
