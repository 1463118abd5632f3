package dev.caisson.image.vm;

import dev.caisson.image.ImageException;
import dev.caisson.image.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs a VM's boots in the background, one QEMU after another. Under UEFI QEMU reboots the guest
 * itself (the firmware and systemd-boot do the boot counting). Under direct boot QEMU runs with
 * {@code -no-reboot}: when the guest reboots, QEMU exits, and the supervisor picks the next entry
 * ({@link DirectBoot}) and starts QEMU again. It stops when the guest powers off, QEMU fails, or
 * {@code vm stop} asks.
 */
public final class VmSupervisor {
  /** What the kernel prints on the console just before a reboot (and not before a power-off). */
  static final String REBOOTING = "reboot: Restarting system";

  private final Tools tools;
  private final Accel accel;
  private final Path ovmfDir;

  public VmSupervisor(Tools tools, Accel accel, Path ovmfDir) {
    this.tools = tools;
    this.accel = accel;
    this.ovmfDir = ovmfDir;
  }

  public int run(VmDir dir) throws IOException, InterruptedException {
    dir.writePid(dir.supervisorPid(), ProcessHandle.current().pid());
    try {
      VmSpec spec = SpecFile.read(dir.spec());
      List<String> kargs = SpecFile.kargs(dir.spec());
      int boot = 0;
      while (!Files.exists(dir.stopRequest())) {
        boot++;
        long offset = Files.exists(dir.serialLog()) ? Files.size(dir.serialLog()) : 0;
        List<String> argv;
        if (spec.boot() == BootMode.DIRECT) {
          var prepared = new DirectBoot(tools).prepare(spec.disk(), dir, kargs);
          record(dir, "boot " + boot + " direct " + prepared.entryBefore() + " -> " + prepared.entryAfter());
          argv = QemuArgs.build(spec, dir, accel, Optional.empty(), Optional.of(prepared.direct()));
        } else {
          Firmware fw = Firmware.find(ovmfDir).orElseThrow(() -> new ImageException("OVMF is not installed in "
              + ovmfDir + " (Debian package ovmf); use --direct"));
          if (!Files.exists(dir.vars())) {
            Files.copy(fw.varsTemplate(), dir.vars(), StandardCopyOption.REPLACE_EXISTING);
          }
          record(dir, "boot " + boot + " uefi");
          argv = QemuArgs.build(spec, dir, accel, Optional.of(fw), Optional.empty());
        }
        record(dir, "qemu " + Tools.quoted(argv));
        Process qemu = new ProcessBuilder(argv).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.supervisorLog().toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        int rc = qemu.waitFor();
        record(dir, "qemu exited with " + rc);
        if (rc != 0 || spec.boot() != BootMode.DIRECT || !rebootedSince(dir.serialLog(), offset)) {
          return rc;
        }
      }
      return 0;
    } finally {
      Files.deleteIfExists(dir.qemuPid());
      Files.deleteIfExists(dir.qmp());
      Files.deleteIfExists(dir.supervisorPid());
    }
  }

  static boolean rebootedSince(Path log, long offset) throws IOException {
    if (!Files.exists(log)) {
      return false;
    }
    try (var in = Files.newInputStream(log)) {
      in.skipNBytes(Math.min(offset, Files.size(log)));
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains(REBOOTING);
    }
  }

  private static void record(VmDir dir, String line) throws IOException {
    Files.writeString(dir.boots(), Instant.now() + " " + line + "\n", StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
