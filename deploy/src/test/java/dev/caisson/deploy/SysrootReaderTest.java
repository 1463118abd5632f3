package dev.caisson.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads sysroots that the real {@code ostree admin deploy} made. */
class SysrootReaderTest {
  @TempDir Path tmp;

  private String commit(Path sysroot, String version) throws Exception {
    Path tree = tmp.resolve("tree-" + version);
    Files.createDirectories(tree.resolve("usr/lib/modules/6.1.0-test"));
    Files.createDirectories(tree.resolve("usr/etc"));
    Files.writeString(tree.resolve("usr/lib/modules/6.1.0-test/vmlinuz"), "kernel " + version);
    Files.writeString(tree.resolve("usr/lib/modules/6.1.0-test/initramfs.img"), "initramfs");
    Files.writeString(tree.resolve("usr/lib/os-release"), "PRETTY_NAME=\"Caisson\"\n");
    Files.writeString(tree.resolve("usr/etc/motd"), "v" + version + "\n");
    return RealOstree.run(tmp, "--repo=" + sysroot.resolve("ostree/repo"), "commit", "-b", "caisson/stable",
        "--tree=dir=" + tree, "--add-metadata-string=version=" + version, "--timestamp=2024-01-01T00:00:00Z").strip();
  }

  @Test
  void listsDeploymentsInOstreesOrderWithSerials() throws Exception {
    Path sysroot = Files.createDirectories(tmp.resolve("sysroot"));
    RealOstree.run(tmp, "admin", "init-fs", sysroot.toString());
    RealOstree.run(tmp, "admin", "os-init", "--sysroot=" + sysroot, "caisson");
    String a = commit(sysroot, "1.0");
    RealOstree.run(tmp, "admin", "deploy", "--sysroot=" + sysroot, "--os=caisson", "--karg=root=LABEL=root", "caisson/stable");
    String b = commit(sysroot, "2.0");
    RealOstree.run(tmp, "admin", "deploy", "--sysroot=" + sysroot, "--os=caisson", "caisson/stable");
    RealOstree.run(tmp, "admin", "deploy", "--sysroot=" + sysroot, "--os=caisson", "--retain", b);

    SysrootState state = new SysrootReader(new SysrootLayout(sysroot)).read(Optional.empty());

    String status = RealOstree.run(tmp, "admin", "status", "--sysroot=" + sysroot);
    var shown = Pattern.compile("caisson ([0-9a-f]{64})\\.(\\d+)").matcher(status).results()
        .map(r -> r.group(1) + "." + r.group(2)).toList();
    assertThat(state.deployments()).extracting(Deployment::name).containsExactlyElementsOf(shown);
    assertThat(state.deployments()).extracting(Deployment::checksum).containsExactly(b, b, a);
    assertThat(state.deployments()).extracting(Deployment::serial).containsExactly(1, 0, 0);
    assertThat(state.deployments().get(2).kargs().args()).containsExactly("root=LABEL=root");
    assertThat(state.deployments().get(0).origin().refspec()).isEqualTo(b);
    assertThat(state.deployments().get(1).origin().refspec()).isEqualTo("caisson/stable");
    assertThat(state.booted()).isEmpty();
  }

  @Test
  void findsTheBootedDeploymentFromTheOstreeArgument() throws Exception {
    Path sysroot = Files.createDirectories(tmp.resolve("sysroot"));
    RealOstree.run(tmp, "admin", "init-fs", sysroot.toString());
    RealOstree.run(tmp, "admin", "os-init", "--sysroot=" + sysroot, "caisson");
    commit(sysroot, "1.0");
    RealOstree.run(tmp, "admin", "deploy", "--sysroot=" + sysroot, "--os=caisson", "caisson/stable");
    commit(sysroot, "2.0");
    RealOstree.run(tmp, "admin", "deploy", "--sysroot=" + sysroot, "--os=caisson", "caisson/stable");
    var reader = new SysrootReader(new SysrootLayout(sysroot));
    Deployment older = reader.read(Optional.empty()).deployments().get(1);
    String arg = String.join("/", "", "ostree", "boot." + reader.read(Optional.empty()).bootversion(), "caisson",
        older.bootcsum(), String.valueOf(older.bootserial()));

    SysrootState state = reader.read(Optional.of(arg));

    assertThat(state.booted()).hasValueSatisfying(d -> assertThat(d.index()).isEqualTo(1));
    assertThat(state.rollback()).isEmpty();
    assertThat(state.mergeDeployment("caisson")).hasValueSatisfying(d -> assertThat(d.index()).isEqualTo(1));
  }

  @Test
  void emptySysrootHasNoDeployments() throws IOException {
    SysrootState state = new SysrootReader(new SysrootLayout(tmp)).read(Optional.empty());
    assertThat(state.deployments()).isEmpty();
    assertThat(state.bootversion()).isZero();
  }
}
