package dev.caisson.deploy;

import dev.caisson.deploy.boot.BootCounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A deployment checked out and waiting for {@code finalize-staged} at shutdown. It is recorded in
 * the run directory (a tmpfs on a real machine), so an unclean reboot drops it, as with ostree.
 */
public record StagedDeployment(String stateroot, String checksum, int serial, KernelArgs kargs, String title,
    Optional<BootCounter> counter) {

  static final String FILE = "staged-deployment";
  /** ostree's {@code /run/ostree/staged-deployment-locked}: while it exists, shutdown does not finalize. */
  static final String LOCK = "staged-deployment-locked";

  public String name() {
    return checksum + "." + serial;
  }

  static Optional<StagedDeployment> read(Path runDir) throws IOException {
    Path f = runDir.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    OriginFile kf = OriginFile.parse(Files.readString(f));
    String tries = kf.get("staged", "tries");
    Optional<BootCounter> counter = tries == null || tries.equals("0") ? Optional.empty()
        : Optional.of(new BootCounter(Integer.parseInt(tries), 0));
    return Optional.of(new StagedDeployment(kf.get("staged", "stateroot"), kf.get("staged", "checksum"),
        Integer.parseInt(kf.get("staged", "serial")), KernelArgs.parse(kf.get("staged", "kargs")),
        kf.get("staged", "title"), counter));
  }

  void write(Path runDir) throws IOException {
    Files.createDirectories(runDir);
    var kf = new OriginFile(Map.of("staged", Map.of(
        "stateroot", stateroot,
        "checksum", checksum,
        "serial", String.valueOf(serial),
        "kargs", kargs.toString(),
        "title", title,
        "tries", String.valueOf(counter.map(BootCounter::left).orElse(0)))));
    Durable.write(runDir.resolve(FILE), kf.render());
  }

  static void clear(Path runDir) throws IOException {
    Files.deleteIfExists(runDir.resolve(FILE));
  }

  static boolean locked(Path runDir) {
    return Files.exists(runDir.resolve(LOCK));
  }

  static void lock(Path runDir) throws IOException {
    Files.createDirectories(runDir);
    Durable.write(runDir.resolve(LOCK), "");
  }

  static void unlock(Path runDir) throws IOException {
    Files.deleteIfExists(runDir.resolve(LOCK));
  }
}
