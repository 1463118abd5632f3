package dev.caisson.deploy.esp;

import dev.caisson.deploy.EspDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the EFI system partition of the running system: a vfat filesystem mounted on {@code /efi}
 * or {@code /boot/efi} (systemd-gpt-auto-generator automounts it on an empty {@code /efi}, so an
 * {@code autofs} entry there counts too: looking into the directory mounts it). Only the booted,
 * real root ({@code /} or {@code /sysroot}) has one: a sysroot in a scratch directory never
 * picks up the host's ESP.
 */
public final class EspMount {
  /** Where an ESP is mounted, in the order systemd looks. */
  public static final List<String> MOUNT_POINTS = List.of("/efi", "/boot/efi");

  private final Path mountTable;
  private final Path hostRoot;

  /**
   * @param mountTable {@code /proc/self/mounts}, or a file in its format for tests
   * @param hostRoot where the mount points are found ({@code /})
   */
  public EspMount(Path mountTable, Path hostRoot) {
    this.mountTable = mountTable;
    this.hostRoot = hostRoot;
  }

  /** The running system's ESP, for the sysroot at {@code sysrootRoot}, if that sysroot is the booted one. */
  public static Optional<EspDirectory> forBooted(Path sysrootRoot, Optional<String> bootedOstreeArg) {
    String root = sysrootRoot.toAbsolutePath().normalize().toString();
    if (bootedOstreeArg.isEmpty() || !(root.equals("/") || root.equals("/sysroot"))) {
      return Optional.empty();
    }
    try {
      return new EspMount(Path.of("/proc/self/mounts"), Path.of("/")).find();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The first of {@link #MOUNT_POINTS} with a vfat (or automounted) filesystem that looks like an ESP. */
  public Optional<EspDirectory> find() throws IOException {
    if (!Files.isReadable(mountTable)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(mountTable);
    for (String mp : MOUNT_POINTS) {
      for (String line : lines) {
        String[] f = line.split(" ");
        if (f.length >= 3 && f[1].equals(mp) && (f[2].equals("vfat") || f[2].equals("autofs"))) {
          Path dir = hostRoot.resolve(mp.substring(1));
          // reading the directory triggers an automount
          if (Files.isDirectory(dir.resolve("loader")) || Files.isDirectory(dir.resolve("EFI"))) {
            return Optional.of(new EspDirectory(dir));
          }
        }
      }
    }
    return Optional.empty();
  }
}
