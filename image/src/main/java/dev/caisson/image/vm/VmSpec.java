package dev.caisson.image.vm;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One VM as {@code caisson vm run} starts it.
 *
 * @param config an Ignition config (JSON) passed through fw_cfg {@code opt/com.coreos/config}
 * @param sshPort the host port forwarded to the guest's port 22
 */
public record VmSpec(String name, Path disk, Optional<Path> config, List<Forward> forwards, int memoryMiB, int cpus,
    BootMode boot, int sshPort) {
  public VmSpec {
    Objects.requireNonNull(disk, "disk");
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
      throw new IllegalArgumentException("a VM name is letters, digits, '.', '_' and '-': '" + name + "'");
    }
    forwards = List.copyOf(forwards);
    if (memoryMiB < 256) {
      throw new IllegalArgumentException("a VM needs at least 256 MiB of memory");
    }
  }

  /** qcow2 when the file says so (its magic), else raw. */
  public String diskFormat() {
    try (var in = java.nio.file.Files.newInputStream(disk)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4 && magic[0] == 'Q' && magic[1] == 'F' && magic[2] == 'I' && magic[3] == (byte) 0xfb
          ? "qcow2" : "raw";
    } catch (java.io.IOException e) {
      return "raw";
    }
  }
}
