package dev.caisson.provision;

import static dev.caisson.provision.DifferentialConfigs.cfg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caisson.provision.fetch.FetchOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --platform}: which source is read when {@code --config} is not given. */
class PlatformTest {
  @TempDir Path tmp;
  Path root;
  Path fw;
  Path cmdline;

  @BeforeEach
  void sources() throws Exception {
    root = Files.createDirectories(tmp.resolve("root"));
    fw = tmp.resolve("fw");
    Path raw = Files.createDirectories(fw.resolve(ConfigSourceFinder.FW_CFG_NAME)).resolve("raw");
    Files.writeString(raw, cfg("3.3.0", "\"storage\":{\"files\":[{\"path\":\"/etc/from-fwcfg\"}]}"));
    Path url = tmp.resolve("metal.ign");
    Files.writeString(url, cfg("3.3.0", "\"storage\":{\"files\":[{\"path\":\"/etc/from-cmdline\"}]}"));
    cmdline = tmp.resolve("cmdline");
    Files.writeString(cmdline, "ro ignition.config.url=" + url + "\n");
  }

  private Outcome run(Platform p, Path fwDir) throws Exception {
    var req = new ProvisionRequest(root, Optional.empty(), fwDir, cmdline, tmp.resolve("nobase"), Stage.FILES, true,
        false).withPlatform(p);
    return new Provisioner(Clock.systemUTC(), FetchOptions.defaults(), ProvisionListener.NONE).run(req);
  }

  @Test
  void qemuReadsFwCfgAndMetalReadsTheCommandLine() throws Exception {
    assertThat(run(Platform.QEMU, fw).plan()).anyMatch(l -> l.contains("/etc/from-fwcfg"));
    assertThat(run(Platform.METAL, fw).plan()).anyMatch(l -> l.contains("/etc/from-cmdline"))
        .noneMatch(l -> l.contains("/etc/from-fwcfg"));
    assertThat(run(Platform.AUTO, fw).plan()).anyMatch(l -> l.contains("/etc/from-fwcfg"));
  }

  @Test
  void aMissingSourceForThePlatformFails() throws Exception {
    assertThatThrownBy(() -> run(Platform.FILE, fw)).hasMessage("--platform file needs --config");
    assertThatThrownBy(() -> run(Platform.QEMU, tmp.resolve("nofw")))
        .hasMessageStartingWith("--platform qemu: no config in fw_cfg");
    Files.writeString(cmdline, "ro quiet\n");
    assertThatThrownBy(() -> run(Platform.METAL, fw))
        .hasMessageStartingWith("--platform metal: no ignition.config.url= on the kernel command line");
  }
}
