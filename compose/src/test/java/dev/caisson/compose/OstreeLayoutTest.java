package dev.caisson.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OstreeLayoutTest {
  static final String K = "6.1.0-99-amd64";

  @TempDir Path root;

  @BeforeEach
  void fakeDebianTree() throws Exception {
    write("boot/vmlinuz-" + K, "kernel");
    write("boot/config-" + K, "config");
    write("boot/initrd.img-" + K, "initrd");
    Files.createSymbolicLink(root.resolve("vmlinuz"), Path.of("boot/vmlinuz-" + K));
    write("usr/lib/modules/" + K + "/modules.dep", "");
    write("etc/hostname", "buildhost\n");
    write("etc/machine-id", "055e407f58184a1a9f4087540e4c798a\n");
    write("etc/resolv.conf", "nameserver 10.0.0.1\n");
    write("etc/os-release", "ID=debian\n");
    write("var/lib/dpkg/status", "Package: systemd\n");
    write("var/lib/systemd/deb-systemd-helper-enabled/x", "");
    write("var/log/dpkg.log", "log");
    write("root/.bashrc", "bashrc");
    write("dev/null-ish", "a device node in a real tree");
    write("run/lock/x", "");
    Files.createDirectories(root.resolve("home"));
    Files.createDirectories(root.resolve("tmp"));
    Files.createDirectories(root.resolve("proc"));
  }

  @Test
  void laysTheTreeOutAsOstreeDeploysIt() throws Exception {
    assertThat(OstreeLayout.apply(root)).isEqualTo(K);
    assertThat(read("usr/lib/modules/" + K + "/vmlinuz")).isEqualTo("kernel");
    assertThat(root.resolve("vmlinuz")).doesNotExist();
    assertThat(list("boot")).isEmpty();
    assertThat(list("dev")).isEmpty();
    assertThat(list("run")).isEmpty();
    assertThat(root.resolve("etc")).doesNotExist();
    assertThat(read("usr/etc/os-release")).isEqualTo("ID=debian\n");
    assertThat(read("usr/etc/hostname")).isEqualTo("caisson\n");
    assertThat(read("usr/etc/machine-id")).isEqualTo("uninitialized\n");
    assertThat(root.resolve("usr/etc/resolv.conf")).doesNotExist();
    assertThat(list("var")).isEmpty();
    assertThat(read("usr/share/factory/var/lib/dpkg/status")).startsWith("Package:");
    for (String[] l : new String[][] {{"home", "var/home"}, {"root", "var/roothome"}, {"opt", "var/opt"},
        {"srv", "var/srv"}, {"mnt", "var/mnt"}, {"media", "run/media"}, {"ostree", "sysroot/ostree"}}) {
      assertThat(Files.readSymbolicLink(root.resolve(l[0]))).hasToString(l[1]);
    }
    assertThat(root.resolve("sysroot")).isEmptyDirectory();
    assertThat(root.resolve("efi")).isEmptyDirectory();
    assertThat(root.resolve("sys")).isEmptyDirectory();
    assertThat(Files.getAttribute(root.resolve("tmp"), "unix:mode")).isEqualTo(041777);
    String tmpfiles = read(OstreeLayout.TMPFILES);
    assertThat(tmpfiles).contains("d /var/home 0755 root root -", "d /var/roothome 0700 root root -",
        "L /var/lib/dpkg - - - - /usr/share/factory/var/lib/dpkg",
        "C /var/lib/systemd - - - - /usr/share/factory/var/lib/systemd");
  }

  @Test
  void doesNotWriteIntoFilesSharedWithTheCache(@TempDir Path cache) throws Exception {
    Path shared = cache.resolve("hostname");
    Files.writeString(shared, "buildhost\n");
    Files.delete(root.resolve("etc/hostname"));
    Files.createLink(root.resolve("etc/hostname"), shared);
    OstreeLayout.apply(root);
    assertThat(Files.readString(shared)).isEqualTo("buildhost\n");
    assertThat(read("usr/etc/hostname")).isEqualTo("caisson\n");
  }

  @Test
  void refusesATreeWithoutOneKernel() throws Exception {
    Files.delete(root.resolve("boot/vmlinuz-" + K));
    assertThatThrownBy(() -> OstreeLayout.apply(root)).hasMessageContaining("expected one kernel");
  }

  @Test
  void cannotBeAppliedTwice() throws Exception {
    OstreeLayout.apply(root);
    Files.createDirectories(root.resolve("etc"));
    assertThatThrownBy(() -> OstreeLayout.apply(root)).hasMessageContaining("already has usr/etc");
  }

  private void write(String rel, String text) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private String read(String rel) throws Exception {
    return Files.readString(root.resolve(rel), StandardCharsets.UTF_8);
  }

  private java.util.List<Path> list(String rel) throws Exception {
    try (var s = Files.list(root.resolve(rel))) {
      return s.toList();
    }
  }

  static boolean isLink(Path p) {
    return Files.isSymbolicLink(p) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
  }
}
