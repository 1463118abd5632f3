package dev.caisson.cli.vm;

import dev.caisson.cli.DebugOption;
import dev.caisson.cli.UserException;
import dev.caisson.config.SourceText;
import dev.caisson.config.butane.ButaneTranslator;
import dev.caisson.config.ignition.IgnitionJson;
import dev.caisson.image.ImageSpec;
import dev.caisson.image.Tools;
import dev.caisson.image.vm.Accel;
import dev.caisson.image.vm.BootMode;
import dev.caisson.image.vm.ConsoleWatch;
import dev.caisson.image.vm.Firmware;
import dev.caisson.image.vm.Forward;
import dev.caisson.image.vm.VmDir;
import dev.caisson.image.vm.VmSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code caisson vm run disk.img}: start a VM in the background and wait until it is up. */
@Command(addMethodSubcommands = false, name = "run", mixinStandardHelpOptions = true,
    description = "Boot a disk image in QEMU in the background and wait for CAISSON-READY on its console.")
final class VmRun implements Callable<Integer> {
  @Mixin DebugOption debug;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DISK") Path disk;

  @Option(names = "--config", paramLabel = "FILE", description = "A Butane (.bu) or Ignition (.ign) config, "
      + "passed by fw_cfg (opt/com.coreos/config).")
  Path config;

  @Option(names = "--forward", paramLabel = "HOST:GUEST", description = "Forward 127.0.0.1:HOST to the guest's "
      + "GUEST TCP port.")
  List<String> forwards = new ArrayList<>();

  @Option(names = "--memory", paramLabel = "SIZE", defaultValue = "2G", description = "Guest memory (default 2G).")
  String memory;

  @Option(names = "--cpus", defaultValue = "2", description = "Virtual CPUs (default 2).")
  int cpus;

  @Option(names = "--serial", description = "Show the serial console while waiting.")
  boolean serial;

  @ArgGroup(exclusive = true)
  Mode mode;

  static final class Mode {
    @Option(names = "--uefi", description = "Boot with OVMF and systemd-boot from the ESP (default when OVMF is "
        + "installed).")
    boolean uefi;

    @Option(names = "--direct", description = "Direct kernel boot of the default entry; caisson acts as the boot "
        + "loader, boot counting included.")
    boolean direct;
  }

  @Option(names = "--name", defaultValue = "caisson", description = "The VM's name (default ${DEFAULT-VALUE}).")
  String name;

  @Option(names = "--karg", paramLabel = "ARG", description = "Extra kernel argument (direct boot only).")
  List<String> kargs = new ArrayList<>();

  @Option(names = "--timeout", defaultValue = "300", description = "Seconds to wait for the VM (default 300).")
  int timeout;

  @Option(names = "--no-wait", description = "Return once QEMU has started.")
  boolean noWait;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(disk)) {
      throw new UserException(disk + ": no such disk image");
    }
    var tools = new Tools();
    if (tools.locate("qemu-system-x86_64").isEmpty()) {
      throw new UserException("qemu-system-x86_64 is not installed (Debian package qemu-system-x86)");
    }
    var control = VmCommand.control();
    VmDir dir = control.dir(name);
    Files.createDirectories(dir.root());
    Optional<Path> ign = Optional.empty();
    if (config != null) {
      ign = Optional.of(ignition(config, dir.root().resolve("config.ign")));
    }
    BootMode boot = bootMode();
    var fwd = new ArrayList<Forward>();
    try {
      for (String f : forwards) {
        fwd.add(Forward.parse(f));
      }
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    var vm = new VmSpec(name, disk.toAbsolutePath(), ign, fwd, (int) (ImageSpec.parseSize(memory) >> 20), cpus, boot,
        freePort());
    if (boot == BootMode.DIRECT && vm.diskFormat().equals("qcow2")) {
      throw new UserException("direct boot reads the boot entries with debugfs, which needs a raw image; use --uefi");
    }
    Accel accel = Accel.detect(Path.of("/dev/kvm"));
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    err.println("vm " + name + ": " + boot.name().toLowerCase() + " boot, " + accel.describe());
    err.flush();
    List<String> extra = new ArrayList<>(kargs);
    if (accel == Accel.TCG) {
      extra.add("rcupdate.rcu_cpu_stall_suppress=1"); // stall splats under a busy host (FORMATS P13)
    }
    control.start(vm, extra, VmSupervise.command(name));
    out.println("vm " + name + ": console " + dir.serialLog() + ", ssh port " + vm.sshPort());
    out.flush();
    if (noWait) {
      return 0;
    }
    var watch = new ConsoleWatch(dir.serialLog(), 0, vm.sshPort());
    var outcome = watch.await(Duration.ofSeconds(timeout), line -> {
      if (serial) {
        out.println(line);
        out.flush();
      }
    }, dir::running);
    if (outcome instanceof ConsoleWatch.Ready r) {
      out.println(String.format("vm %s: up after %.1f s (%s)", name, r.seconds(), r.how()));
      return 0;
    }
    String why = outcome instanceof ConsoleWatch.ProvisionFailed f ? "provisioning failed: " + f.line()
        : outcome instanceof ConsoleWatch.Exited ? "QEMU exited before the VM was up (see " + dir.supervisorLog() + ")"
        : "not up after " + timeout + " s";
    err.println("vm " + name + ": " + why + "; last console lines:");
    outcome.tail().forEach(l -> err.println("  | " + l));
    err.flush();
    if (!(outcome instanceof ConsoleWatch.ProvisionFailed)) {
      control.stop(dir, Duration.ofSeconds(5));
    }
    return 1;
  }

  private BootMode bootMode() {
    if (mode != null && mode.direct) {
      return BootMode.DIRECT;
    }
    boolean ovmf = Firmware.find(Path.of("/usr/share/OVMF")).isPresent();
    if (mode != null && mode.uefi && !ovmf) {
      throw new UserException("OVMF is not installed (Debian package ovmf); use --direct");
    }
    return ovmf ? BootMode.UEFI : BootMode.DIRECT;
  }

  /** The config as Ignition JSON: Butane is transpiled, JSON is used as it is. */
  private static Path ignition(Path config, Path dest) throws IOException {
    if (!Files.isRegularFile(config)) {
      throw new UserException(config + ": no such config");
    }
    String text = Files.readString(config, StandardCharsets.UTF_8);
    if (text.stripLeading().startsWith("{")) {
      return config.toAbsolutePath();
    }
    var result = new ButaneTranslator().translate(new SourceText(config.toString(), text),
        new ButaneTranslator.Options(Optional.ofNullable(config.toAbsolutePath().getParent()), true));
    if (result.report().hasErrors() || result.config().isEmpty()) {
      throw new UserException(config + ": the Butane config has errors; run: caisson transpile " + config);
    }
    Files.writeString(dest, new IgnitionJson().write(result.config().get(), false) + "\n");
    return dest;
  }

  private static int freePort() throws IOException {
    try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
