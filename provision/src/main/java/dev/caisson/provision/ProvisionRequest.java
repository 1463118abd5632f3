package dev.caisson.provision;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One provisioning run.
 *
 * @param root the target root directory
 * @param config a file path, {@code data:} or {@code http(s)://} URL; empty to look in fw_cfg, then the cmdline
 * @param fwCfgDir the sysfs fw_cfg directory ({@code /sys/firmware/qemu_fw_cfg/by_name})
 * @param cmdline the kernel command line file ({@code /proc/cmdline}): config URL and current kernel arguments
 * @param baseDir base configs merged first ({@code *.ign} in name order); may not exist
 * @param platform where the config comes from when {@code config} is empty
 * @param deviceMap devices named in the config that stand for other files, e.g. {@code /dev/vda} for an image
 */
public record ProvisionRequest(Path root, Optional<String> config, Path fwCfgDir, Path cmdline, Path baseDir,
    Stage stage, boolean dryRun, boolean force, Platform platform, Map<String, Path> deviceMap) {

  public ProvisionRequest {
    deviceMap = Map.copyOf(deviceMap);
  }

  public ProvisionRequest(Path root, Optional<String> config, Path fwCfgDir, Path cmdline, Path baseDir,
      Stage stage, boolean dryRun, boolean force) {
    this(root, config, fwCfgDir, cmdline, baseDir, stage, dryRun, force, Platform.AUTO, Map.of());
  }

  public static ProvisionRequest of(Path root, String config) {
    return new ProvisionRequest(root, Optional.ofNullable(config), Path.of("/sys/firmware/qemu_fw_cfg/by_name"),
        Path.of("/proc/cmdline"), Path.of("/usr/lib/ignition/base.d"), Stage.ALL, false, false);
  }

  public ProvisionRequest withStage(Stage s) {
    return new ProvisionRequest(root, config, fwCfgDir, cmdline, baseDir, s, dryRun, force, platform, deviceMap);
  }

  public ProvisionRequest withDryRun(boolean d) {
    return new ProvisionRequest(root, config, fwCfgDir, cmdline, baseDir, stage, d, force, platform, deviceMap);
  }

  public ProvisionRequest withForce(boolean f) {
    return new ProvisionRequest(root, config, fwCfgDir, cmdline, baseDir, stage, dryRun, f, platform, deviceMap);
  }

  public ProvisionRequest withSources(Path fwCfg, Path cmdlineFile, Path base) {
    return new ProvisionRequest(root, config, fwCfg, cmdlineFile, base, stage, dryRun, force, platform, deviceMap);
  }

  public ProvisionRequest withConfig(String c) {
    return new ProvisionRequest(root, Optional.ofNullable(c), fwCfgDir, cmdline, baseDir, stage, dryRun, force,
        platform, deviceMap);
  }

  public ProvisionRequest withPlatform(Platform p) {
    return new ProvisionRequest(root, config, fwCfgDir, cmdline, baseDir, stage, dryRun, force, p, deviceMap);
  }

  public ProvisionRequest withDeviceMap(Map<String, Path> m) {
    return new ProvisionRequest(root, config, fwCfgDir, cmdline, baseDir, stage, dryRun, force, platform, m);
  }
}
