package dev.caisson.image.vm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** How QEMU runs the guest: KVM when /dev/kvm works, else software emulation (TCG). */
public enum Accel {
  KVM,
  TCG;

  /**
   * KVM if {@code devKvm} opens for reading and writing and QEMU can set up a KVM machine with it,
   * else TCG. A nested host can offer a /dev/kvm that opens but whose virtual CPUs QEMU cannot set
   * up (seen here: "failed to set MSR 0x10a", then an abort as soon as the machine is made).
   */
  public static Accel detect(Path devKvm) {
    return detect(devKvm, List.of("qemu-system-x86_64"));
  }

  /** As {@link #detect(Path)}, with the QEMU command to try a KVM machine with. */
  static Accel detect(Path devKvm, List<String> qemu) {
    if (!java.nio.file.Files.exists(devKvm) || java.nio.file.Files.isRegularFile(devKvm)
        || java.nio.file.Files.isDirectory(devKvm)) {
      return TCG; // never create it: opening a missing path for writing would make a plain file
    }
    try (var f = java.nio.channels.FileChannel.open(devKvm, java.nio.file.StandardOpenOption.READ,
        java.nio.file.StandardOpenOption.WRITE)) {
      // opens
    } catch (IOException | SecurityException e) {
      return TCG;
    }
    return qemuMakesAKvmMachine(qemu) ? KVM : TCG;
  }

  /**
   * Whether QEMU makes a KVM machine, paused ({@code -S}) and told to quit at once through its
   * monitor: exit status 0 within 10 s. Takes about 0.1 s.
   */
  static boolean qemuMakesAKvmMachine(List<String> qemu) {
    var argv = new java.util.ArrayList<>(qemu);
    argv.addAll(List.of("-machine", "q35,accel=kvm", "-cpu", "host", "-S", "-display", "none", "-nodefaults",
        "-monitor", "stdio"));
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      try (var in = p.getOutputStream()) {
        in.write("quit\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      } catch (IOException e) {
        // it exited before reading: its status says why
      }
      if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false; // no QEMU: nothing will run, and TCG's error says so
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
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
