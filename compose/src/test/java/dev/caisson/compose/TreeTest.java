package dev.caisson.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeTest {
  @TempDir Path root;
  @TempDir Path overlay;
  @TempDir Path cache;

  @Test
  void overlayReplacesFilesWithoutWritingIntoSharedInodes() throws Exception {
    Path shared = cache.resolve("sshd_config");
    Files.writeString(shared, "original");
    Files.createDirectories(root.resolve("etc/ssh"));
    Files.createLink(root.resolve("etc/ssh/sshd_config"), shared);
    Files.createDirectories(overlay.resolve("etc/ssh"));
    Files.writeString(overlay.resolve("etc/ssh/sshd_config"), "ours");
    Files.createDirectories(overlay.resolve("usr/lib/systemd/system/multi-user.target.wants"));
    Files.writeString(overlay.resolve("usr/lib/systemd/system/a.service"), "[Unit]\n");
    Files.createSymbolicLink(overlay.resolve("usr/lib/systemd/system/multi-user.target.wants/a.service"),
        Path.of("../a.service"));
    Path script = overlay.resolve("usr/lib/check");
    Files.writeString(script, "#!/bin/sh\n");
    Files.setAttribute(script, "unix:mode", 0755);

    assertThat(Tree.overlay(overlay, root)).isEqualTo(4);
    assertThat(Files.readString(shared)).isEqualTo("original");
    assertThat(Files.readString(root.resolve("etc/ssh/sshd_config"))).isEqualTo("ours");
    assertThat(Files.readSymbolicLink(root.resolve("usr/lib/systemd/system/multi-user.target.wants/a.service")))
        .hasToString("../a.service");
    assertThat((Integer) Files.getAttribute(root.resolve("usr/lib/check"), "unix:mode") & 0777).isEqualTo(0755);
  }

  @Test
  void removalsDeleteMatchesOnly() throws Exception {
    for (String f : List.of("usr/bin/apt", "usr/bin/apt-get", "usr/bin/bash", "usr/share/doc/x/changelog.gz",
        "usr/share/doc/x/copyright", "etc/ssh/ssh_host_rsa_key", "etc/ssh/sshd_config")) {
      Files.createDirectories(root.resolve(f).getParent());
      Files.writeString(root.resolve(f), f);
    }
    Files.createDirectories(root.resolve("usr/share/man/man1"));
    Files.createSymbolicLink(root.resolve("usr/bin/aptitude-link"), Path.of("/nonexistent"));
    int n = Removals.apply(root, List.of("usr/bin/apt*", "usr/share/doc/*/changelog*", "usr/share/man",
        "etc/ssh/ssh_host_*"));
    assertThat(n).isEqualTo(6);
    assertThat(root.resolve("usr/bin/bash")).exists();
    assertThat(root.resolve("usr/bin/apt")).doesNotExist();
    assertThat(root.resolve("usr/bin/aptitude-link")).doesNotExist();
    assertThat(root.resolve("usr/share/doc/x/copyright")).exists();
    assertThat(root.resolve("usr/share/doc/x/changelog.gz")).doesNotExist();
    assertThat(root.resolve("usr/share/man")).doesNotExist();
    assertThat(root.resolve("etc/ssh/sshd_config")).exists();
  }
}
