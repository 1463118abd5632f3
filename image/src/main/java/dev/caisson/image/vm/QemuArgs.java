package dev.caisson.image.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The QEMU command line for one boot of a VM. Pure: tests check it without starting QEMU.
 * The console goes to the state directory's serial log (appended across boots), QMP to a socket.
 */
public final class QemuArgs {
  public static final String BINARY = "qemu-system-x86_64";
  /** Where Ignition (and our initramfs) look for the config under QEMU. */
  public static final String FW_CFG_CONFIG = "opt/com.coreos/config";

  private QemuArgs() {}

  /** The kernel, initramfs and command line QEMU loads for a direct boot. */
  public record Direct(java.nio.file.Path kernel, java.nio.file.Path initrd, String append) {}

  public static List<String> build(VmSpec spec, VmDir dir, Accel accel, Optional<Firmware> uefi,
      Optional<Direct> direct) {
    if (uefi.isPresent() == direct.isPresent()) {
      throw new IllegalArgumentException("a boot is either UEFI or direct");
    }
    var a = new ArrayList<String>();
    a.add(BINARY);
    a.addAll(List.of("-name", "caisson-" + spec.name()));
    a.addAll(accel.qemuArgs());
    a.addAll(List.of("-m", String.valueOf(spec.memoryMiB()), "-smp", String.valueOf(spec.cpus())));
    a.addAll(List.of("-display", "none", "-monitor", "none"));
    a.addAll(List.of("-chardev", "file,id=console,path=" + dir.serialLog() + ",append=on", "-serial",
        "chardev:console"));
    a.addAll(List.of("-qmp", "unix:" + dir.qmp() + ",server=on,wait=off"));
    a.addAll(List.of("-pidfile", dir.qemuPid().toString()));
    a.addAll(List.of("-drive", "file=" + spec.disk().toAbsolutePath() + ",format=" + spec.diskFormat()
        + ",if=virtio"));
    var net = new StringBuilder("user,id=net0,hostfwd=tcp:127.0.0.1:" + spec.sshPort() + "-:22");
    for (Forward f : spec.forwards()) {
      net.append(',').append(f.hostfwd());
    }
    a.addAll(List.of("-netdev", net.toString(), "-device", "virtio-net-pci,netdev=net0"));
    a.addAll(List.of("-device", "virtio-rng-pci"));
    spec.config().ifPresent(c -> a.addAll(List.of("-fw_cfg",
        "name=" + FW_CFG_CONFIG + ",file=" + c.toAbsolutePath())));
    if (uefi.isPresent()) {
      a.addAll(List.of("-drive", "if=pflash,format=raw,unit=0,file=" + uefi.get().code() + ",readonly=on"));
      a.addAll(List.of("-drive", "if=pflash,format=raw,unit=1,file=" + dir.vars()));
    } else {
      Direct d = direct.get();
      // QEMU exits on a guest reboot, so that we pick the next entry as the boot loader would
      a.addAll(List.of("-kernel", d.kernel().toString(), "-initrd", d.initrd().toString(), "-append", d.append(),
          "-no-reboot"));
    }
    return a;
  }
}
