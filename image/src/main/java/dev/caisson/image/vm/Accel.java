package dev.caisson.image.vm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;

/** How QEMU runs the guest: KVM when /dev/kvm works, else software emulation (TCG). */
public enum Accel {
  KVM,
  TCG;

  /** KVM if {@code devKvm} opens for reading and writing, else TCG. */
  public static Accel detect(Path devKvm) {
    try (var f = new RandomAccessFile(devKvm.toFile(), "rw")) {
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
