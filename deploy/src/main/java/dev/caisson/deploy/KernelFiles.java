package dev.caisson.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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
    return find(deploymentRoot, null);
  }

  /** As {@link #find(Path)}, trusting an already known {@code bootcsum} instead of hashing. */
  public static KernelFiles find(Path deploymentRoot, String knownBootcsum) throws IOException {
    Path modules = deploymentRoot.resolve("usr/lib/modules");
    if (Files.isDirectory(modules)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(modules)) {
        for (Path dir : s) {
          Path vmlinuz = dir.resolve("vmlinuz");
          if (Files.isRegularFile(vmlinuz)) {
            Path initrd = dir.resolve("initramfs.img");
            Optional<Path> initramfs = Files.isRegularFile(initrd) ? Optional.of(initrd) : Optional.empty();
            String csum = knownBootcsum != null ? knownBootcsum : checksum(vmlinuz, initramfs);
            return new KernelFiles(dir.getFileName().toString(), vmlinuz, initramfs, csum);
          }
        }
      }
    }
    throw new IOException("no kernel in " + modules + "/*/vmlinuz: is the commit bootable?");
  }

  private static String checksum(Path vmlinuz, Optional<Path> initramfs) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    feed(sha, vmlinuz);
    if (initramfs.isPresent()) {
      feed(sha, initramfs.get());
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static void feed(MessageDigest sha, Path p) throws IOException {
    try (InputStream in = new DigestInputStream(Files.newInputStream(p), sha)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
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
