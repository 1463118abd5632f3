package dev.caisson.cli;

import dev.caisson.provision.Outcome;
import dev.caisson.provision.Platform;
import dev.caisson.provision.ProvisionException;
import dev.caisson.provision.ProvisionListener;
import dev.caisson.provision.ProvisionRequest;
import dev.caisson.provision.Provisioner;
import dev.caisson.provision.Stage;
import dev.caisson.provision.fetch.FetchOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code caisson provision}: applies an Ignition (or Butane) config to a root directory, once.
 * Declared in code, since its whole-process time is benchmarked.
 */
final class ProvisionCommand implements Callable<Integer>, CommandTree.Declared {
  CommandSpec spec;
  Path root;
  String config;
  String stage;
  String platform;
  final List<String> deviceMap = new ArrayList<>();
  boolean dryRun;
  boolean force;
  Path fwCfgDir;
  Path cmdline;
  Path baseDir;

  @Override
  public CommandSpec spec() {
    spec = Model.command(this, "provision",
        "Apply a provisioning config (Ignition spec 3.x or Butane) to a root directory, once.");
    spec.addOption(new DebugOption().declared());
    spec.addOption(Model.option("--root", Path.class, v -> root = v).required(true).paramLabel("DIR")
        .description("The target root directory.").build());
    spec.addOption(Model.option("--config", String.class, v -> config = v).paramLabel("SRC")
        .description("A file, data: URL or http(s):// URL. Default: QEMU fw_cfg, then ignition.config.url=.").build());
    spec.addOption(Model.option("--stage", String.class, v -> stage = v).paramLabel("STAGE").defaultValue("all")
        .description("fetch, disks, files, kargs or all (default: disks, files, then kargs).").build());
    spec.addOption(Model.option("--platform", String.class, v -> platform = v).paramLabel("PLATFORM")
        .description("Where the config comes from without --config: file (--config required), qemu (fw_cfg) "
            + "or metal (ignition.config.url= on the kernel command line). Default: fw_cfg, then the command line.")
        .build());
    spec.addOption(Model.repeatable("--device-map", deviceMap).paramLabel("DEVICE=FILE")
        .description("Use FILE (a disk image) wherever the config names DEVICE, e.g. /dev/vda=disk.img. Repeatable.")
        .build());
    spec.addOption(Model.flag("--dry-run", v -> dryRun = v).description("Print the plan and change nothing.").build());
    spec.addOption(Model.flag("--force", v -> force = v)
        .description("Apply even if the root was provisioned with another config.").build());
    spec.addOption(Model.option("--fw-cfg-dir", Path.class, v -> fwCfgDir = v).paramLabel("DIR")
        .defaultValue("/sys/firmware/qemu_fw_cfg/by_name")
        .description("The sysfs fw_cfg directory (default: ${DEFAULT-VALUE}).").build());
    spec.addOption(Model.option("--cmdline", Path.class, v -> cmdline = v).paramLabel("FILE").defaultValue("/proc/cmdline")
        .description("The kernel command line (config URL and current kernel arguments; default: ${DEFAULT-VALUE}).")
        .build());
    spec.addOption(Model.option("--base-dir", Path.class, v -> baseDir = v).paramLabel("DIR")
        .defaultValue("/usr/lib/ignition/base.d").description("Base configs merged first (default: ${DEFAULT-VALUE}).")
        .build());
    return spec;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Stage s;
    try {
      s = Stage.valueOf(stage.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserException("--stage must be fetch, disks, files, kargs or all, not " + stage);
    }
    Platform p = Platform.AUTO;
    if (platform != null) {
      if (!List.of("file", "qemu", "metal").contains(platform)) {
        throw new UserException("--platform must be file, qemu or metal, not " + platform);
      }
      p = Platform.valueOf(platform.toUpperCase(Locale.ROOT));
    }
    if (p == Platform.FILE && config == null) {
      throw new UserException("--platform file needs --config");
    }
    var req = new ProvisionRequest(root, Optional.ofNullable(config), fwCfgDir, cmdline, baseDir, s, dryRun, force,
        p, devices());
    Outcome o;
    // progress is buffered (thousands of lines for a large config) and flushed at the end or on failure
    var progress = new StderrProgress(new PrintWriter(new java.io.BufferedWriter(err, 1 << 16), false));
    try {
      o = new Provisioner(Clock.systemUTC(), FetchOptions.defaults(), progress).run(req);
    } catch (ProvisionException e) {
      throw new UserException("provision failed: " + e.getMessage());
    } finally {
      progress.err().flush();
      err.flush();
    }
    if (o.alreadyProvisioned()) {
      out.println(root + " is already provisioned with this config (sha256 " + o.configSha256() + "): nothing to do");
    } else if (dryRun) {
      out.println("plan for " + root + " (config sha256 " + o.configSha256() + "), nothing changed:");
      o.plan().forEach(l -> out.println("  " + l));
    } else if (s != Stage.FETCH) {
      out.println("provisioned " + root + ": " + o.applied() + " operations (config sha256 " + o.configSha256() + ")");
    } else {
      out.println("config fetched and verified (sha256 " + o.configSha256() + ")");
    }
    if (!o.kargs().isEmpty()) {
      out.println("kernel arguments to change (" + String.join(", ", o.kargs()) + "): reboot needed");
    }
    out.flush();
    err.flush();
    return 0;
  }

  private Map<String, Path> devices() {
    Map<String, Path> map = new LinkedHashMap<>();
    for (String m : deviceMap) {
      int eq = m.indexOf('=');
      if (eq <= 0 || eq == m.length() - 1) {
        throw new UserException("--device-map takes DEVICE=FILE (e.g. /dev/vda=disk.img), not " + m);
      }
      map.put(m.substring(0, eq), Path.of(m.substring(eq + 1)).toAbsolutePath());
    }
    return map;
  }

  /** Ignition-style progress lines on stderr. */
  private record StderrProgress(PrintWriter err) implements ProvisionListener {
    @Override
    public void started(String stage, String op) {
      err.println(stage + ": op: [started]  " + op);
    }

    @Override
    public void finished(String stage, String op) {
      err.println(stage + ": op: [finished] " + op);
    }

    @Override
    public void failed(String stage, String op, String reason) {
      err.println(stage + ": op: [failed]   " + op + ": " + reason);
      err.flush();
    }

    @Override
    public void warning(String stage, String message) {
      err.println(stage + ": warning: " + message);
    }
  }
}
