package dev.caisson.image;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The EFI system partition: systemd-boot as the removable-media loader {@code EFI/BOOT/BOOTX64.EFI},
 * {@code loader/loader.conf}, and the entries and kernels the deploy code mirrored into the ESP
 * directory. Written as a FAT32 file with {@code mkfs.vfat -C --invariant} and {@code mcopy}, with
 * no mount.
 */
final class EspImage {
  /** Where Debian's systemd-boot package puts the loader, in the tree and on the host. */
  static final String SYSTEMD_BOOT = "usr/lib/systemd/boot/efi/systemd-bootx64.efi";
  static final String LOADER_CONF = "timeout 0\nconsole-mode keep\neditor no\n";

  private final Tools tools;

  EspImage(Tools tools) {
    this.tools = tools;
  }

  /** The loader from the deployment, else from the host's systemd-boot-efi package. */
  static Path bootloader(Path deploymentDir, Path hostRoot) throws ImageException {
    for (Path p : List.of(deploymentDir.resolve(SYSTEMD_BOOT), hostRoot.resolve(SYSTEMD_BOOT))) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new ImageException("no systemd-boot: neither the commit nor this machine has /" + SYSTEMD_BOOT
        + " (install the Debian package systemd-boot-efi, or put systemd-boot in the OS)");
  }

  /** Adds the loader and its config to an ESP directory that already holds entries and kernels. */
  void complete(Path espDir, Path bootloader) throws IOException {
    Path efi = Files.createDirectories(espDir.resolve("EFI/BOOT"));
    Files.copy(bootloader, efi.resolve("BOOTX64.EFI"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.createDirectories(espDir.resolve("loader/entries"));
    Files.writeString(espDir.resolve("loader/loader.conf"), LOADER_CONF);
  }

  /** Writes {@code espDir} into a new FAT32 file of {@code bytes}, every time stamp {@code epoch}. */
  void write(Path espDir, Path file, long bytes, long epochSeconds) throws IOException {
    tools.require("mkfs.vfat", "dosfstools");
    tools.require("mcopy", "mtools");
    Files.deleteIfExists(file);
    Times.set(espDir, epochSeconds);
    tools.run(List.of("mkfs.vfat", "-F", "32", "-n", ImageSpec.ESP_LABEL, "--invariant", "-C", file.toString(),
        String.valueOf(bytes / 1024)));
    var sources = new ArrayList<String>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(espDir)) {
      for (Path p : s) {
        sources.add(p.toString());
      }
    }
    sources.sort(null);
    var argv = new ArrayList<>(List.of("mcopy", "-s", "-p", "-Q", "-m", "-i", file.toString()));
    argv.addAll(sources);
    argv.add("::/");
    // mtools refuses to run when it cannot tell the drive geometry from its config; none is needed
    tools.run(Map.of("MTOOLS_SKIP_CHECK", "1", "TZ", "UTC"), argv);
  }
}
