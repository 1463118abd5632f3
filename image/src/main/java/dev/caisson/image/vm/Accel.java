package dev.caisson.image.vm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** How QEMU runs the guest: KVM when /dev/kvm works, else software emulation (TCG). */
public enum Accel {
  KVM,
  TCG;

  /** KVM if {@code devKvm} opens for reading and writing, else TCG. */
  public static Accel detect(Path devKvm) {
    if (!java.nio.file.Files.exists(devKvm) || java.nio.file.Files.isRegularFile(devKvm)
        || java.nio.file.Files.isDirectory(devKvm)) {
      return TCG; // never create it: opening a missing path for writing would make a plain file
    }
    try (var f = java.nio.channels.FileChannel.open(devKvm, java.nio.file.StandardOpenOption.READ,
        java.nio.file.StandardOpenOption.WRITE)) {
      return KVM;
    } catch (IOException | SecurityException e) {
      return TCG;
    }
  }

  /** The QEMU options; TCG wants {@code -cpu max} (SSE4.2 for crc32c-intel) and q35 (FORMATS P13). */
  public List<String> qemuArgs() {
    return this == KVM ? List.of("-machine", "q35,accel=kvm", "-cpu", "host")
        : List.of("-machine", "q35", "-accel", "tcg", "-cpu", "max");
  }

  public String describe() {
    return this == KVM ? "KVM (hardware virtualization)" : "TCG (software emulation; /dev/kvm is not usable)";
  }
}
