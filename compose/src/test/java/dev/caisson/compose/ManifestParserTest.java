package dev.caisson.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caisson.config.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestParserTest {
  @TempDir Path dir;

  private static final String GOOD = """
      release: bookworm
      mirrors:
        - deb http://deb.debian.org/debian bookworm main
      packages: [systemd, linux-image-amd64]
      overlays: [overlay]
      postprocess:
        remove: [usr/bin/apt*]
        kernel-modules: [kernel/fs/ext4]
      initramfs:
        modules: [ext4]
      metadata:
        version: "1.2"
        stream: stable
      """;

  @Test
  void readsEveryKey() throws Exception {
    Files.createDirectory(dir.resolve("overlay"));
    Manifest m = ManifestParser.parse(GOOD, "os.yaml", dir);
    assertThat(m.ref()).isEqualTo("caisson/stable/x86_64");
    assertThat(m.release()).isEqualTo("bookworm");
    assertThat(m.mirrors()).containsExactly("deb http://deb.debian.org/debian bookworm main");
    assertThat(m.packages()).containsExactly("systemd", "linux-image-amd64");
    assertThat(m.overlays()).containsExactly(dir.resolve("overlay"));
    assertThat(m.remove()).containsExactly("usr/bin/apt*");
    assertThat(m.keepModules()).containsExactly("kernel/fs/ext4");
    assertThat(m.initramfsModules()).containsExactly("ext4");
    assertThat(m.javaModules()).isEmpty();
    assertThat(m.version()).isEqualTo("1.2");
    assertThat(m.stream()).isEqualTo("stable");
    assertThat(m.withVersion("1.3").version()).isEqualTo("1.3");
  }

  @Test
  void theShippedManifestParses() throws Exception {
    Path root = Path.of(System.getProperty("caisson.root", ".."));
    Manifest m = ManifestParser.parse(root.resolve("os/caisson.yaml"));
    assertThat(m.packages()).contains("linux-image-amd64", "systemd", "systemd-boot", "podman", "openssh-server")
        .doesNotContain("ostree", "dracut", "apt");
    assertThat(m.initramfsModules()).contains("virtio_blk", "ext4", "qemu_fw_cfg");
    assertThat(m.overlays()).allMatch(Files::isDirectory);
  }

  @Test
  void unknownKeyIsReportedAtItsLineAndColumn() {
    String text = GOOD.replace("  stream: stable", "  stream: stable\n  flavour: x").replace("overlays: [overlay]\n", "");
    assertThatThrownBy(() -> ManifestParser.parse(text, "os.yaml", dir))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("os.yaml:13:3: unknown key 'flavour' in $.metadata");
  }

  @Test
  void everyProblemIsReportedWithAPosition() {
    String text = """
        release: bookworm
        packages:
          - systemd
          - Not_A_Package
        overlays: [missing]
        metadata:
          version: [1]
        """;
    var e = org.junit.jupiter.api.Assertions.assertThrows(ManifestException.class,
        () -> ManifestParser.parse(text, "m.yaml", dir));
    assertThat(e.problems()).extracting(Problem::line, Problem::column)
        .contains(org.assertj.core.groups.Tuple.tuple(4, 5), org.assertj.core.groups.Tuple.tuple(5, 12),
            org.assertj.core.groups.Tuple.tuple(7, 12), org.assertj.core.groups.Tuple.tuple(7, 3));
    assertThat(e.getMessage())
        .contains("m.yaml:4:5: 'Not_A_Package' is not a Debian package name")
        .contains("m.yaml:5:12: overlay missing is not a directory")
        .contains("m.yaml:7:12: $.metadata.version must be a string, not a list")
        .contains("m.yaml:7:3: missing key 'stream' in $.metadata");
  }

  @Test
  void syntaxErrorsHaveAPosition() {
    assertThatThrownBy(() -> ManifestParser.parse("release: bookworm\npackages: [a, b\n", "x.yaml", dir))
        .isInstanceOf(ManifestException.class)
        .hasMessageMatching("(?s)x\\.yaml:[23]:\\d+: YAML syntax error.*");
  }

  @Test
  void missingRequiredKeys() {
    assertThatThrownBy(() -> ManifestParser.parse("release: bookworm\n", "x.yaml", dir))
        .hasMessageContaining("x.yaml:1:1: missing key 'packages'")
        .hasMessageContaining("missing key 'metadata'");
    assertThatThrownBy(() -> ManifestParser.parse("- a\n", "x.yaml", dir))
        .hasMessageContaining("x.yaml:1:1: the manifest must be a mapping");
  }

  @Test
  void removePatternsStayInsideTheRoot() {
    String text = GOOD.replace("overlays: [overlay]\n", "").replace("[usr/bin/apt*]", "[/etc/passwd, ../x]");
    assertThatThrownBy(() -> ManifestParser.parse(text, "x.yaml", dir))
        .hasMessageContaining("remove pattern '/etc/passwd' must be relative")
        .hasMessageContaining("remove pattern '../x' must be relative");
  }
}
