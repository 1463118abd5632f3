package dev.caisson.deploy;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A deployment's kernel and initramfs, found where OSTree-style trees keep them:
 * {@code /usr/lib/modules/KVER/vmlinuz} and {@code initramfs.img}.
 *
 * @param version the kernel version (the modules directory's name)
 * @param vmlinuz the kernel image
 * @param initramfs the initramfs, if the tree has one
 * @param bootcsum sha256 over the kernel then the initramfs, naming the /boot directory
 */
public record KernelFiles(String version, Path vmlinuz, Optional<Path> initramfs, String bootcsum) {

  /** Finds the kernel in a checked-out tree, or fails saying where it looked. */
  public static KernelFiles find(Path deploymentRoot) throws IOException {
    return find(deploymentRoot, (String) null);
  }

  private static KernelFiles at(Path dir, String bootcsum) throws IOException {
    Path initrd = dir.resolve("initramfs.img");
    Optional<Path> initramfs = Files.isRegularFile(initrd) ? Optional.of(initrd) : Optional.empty();
    return new KernelFiles(dir.getFileName().toString(), dir.resolve("vmlinuz"), initramfs,
        bootcsum != null ? bootcsum : checksum(dir.resolve("vmlinuz"), initramfs));
  }

  /**
   * As {@link #find(Path)}, trusting a kernel the store already hashed when it is the one the tree
   * holds (same version directory).
   */
  public static KernelFiles find(Path deploymentRoot, Optional<CommitSource.KernelId> known) throws IOException {
    if (known.isPresent()) {
      Path dir = deploymentRoot.resolve("usr/lib/modules").resolve(known.get().version());
      if (Files.isRegularFile(dir.resolve("vmlinuz"))) {
        return at(dir, known.get().bootcsum());
      }
    }
    return find(deploymentRoot);
  }

  /** As {@link #find(Path)}, trusting an already known {@code bootcsum} instead of hashing. */
  public static KernelFiles find(Path deploymentRoot, String knownBootcsum) throws IOException {
    Path modules = deploymentRoot.resolve("usr/lib/modules");
    if (Files.isDirectory(modules)) {
      var versions = new java.util.TreeSet<Path>(); // the same choice on every run: the first by name
      try (DirectoryStream<Path> s = Files.newDirectoryStream(modules)) {
        s.forEach(versions::add);
      }
      for (Path dir : versions) {
        if (Files.isRegularFile(dir.resolve("vmlinuz"))) {
          return at(dir, knownBootcsum);
        }
      }
    }
    throw new IOException("no kernel in " + modules + "/*/vmlinuz: is the commit bootable?");
  }

  private static String checksum(Path vmlinuz, Optional<Path> initramfs) throws IOException {
    var files = new java.util.ArrayList<Path>(java.util.List.of(vmlinuz));
    initramfs.ifPresent(files::add);
    return BootChecksum.of(files);
  }

  /** The kernel's name under /boot: {@code vmlinuz-KVER}. */
  public String kernelName() {
    return "vmlinuz-" + version;
  }

  /** The initramfs's name under /boot: {@code initramfs-KVER.img}. */
  public String initramfsName() {
    return "initramfs-" + version + ".img";
  }
}
