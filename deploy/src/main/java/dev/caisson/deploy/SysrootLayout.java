package dev.caisson.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Where things live in an OSTree-style physical root: {@code ostree/repo}, the stateroots under
 * {@code ostree/deploy}, the double-buffered {@code boot/loader.N} and {@code ostree/boot.N.M}.
 */
public record SysrootLayout(Path root) {
  public SysrootLayout {
    root = root.toAbsolutePath().normalize();
  }

  public Path repo() {
    return root.resolve("ostree/repo");
  }

  public Path stateroot(String name) {
    return root.resolve("ostree/deploy").resolve(checkName(name));
  }

  public Path deployments(String stateroot) {
    return stateroot(stateroot).resolve("deploy");
  }

  public Path var(String stateroot) {
    return stateroot(stateroot).resolve("var");
  }

  /** {@code ostree/deploy/OS/deploy/CSUM.SERIAL}. */
  public Path deploymentDir(String stateroot, String checksum, int serial) {
    return deployments(stateroot).resolve(checksum + "." + serial);
  }

  public Path originFile(String stateroot, String checksum, int serial) {
    return deployments(stateroot).resolve(checksum + "." + serial + ".origin");
  }

  public Path boot() {
    return root.resolve("boot");
  }

  /** The {@code boot/loader} symlink, pointing at {@code loader.0} or {@code loader.1}. */
  public Path loaderLink() {
    return boot().resolve("loader");
  }

  public Path loaderDir(int bootversion) {
    return boot().resolve("loader." + bootversion);
  }

  public Path entries(int bootversion) {
    return loaderDir(bootversion).resolve("entries");
  }

  /** {@code ostree/boot.N}, a symlink to {@code boot.N.M}. */
  public Path bootLink(int bootversion) {
    return root.resolve("ostree/boot." + bootversion);
  }

  public Path bootDir(int bootversion, int subbootversion) {
    return root.resolve("ostree/boot." + bootversion + "." + subbootversion);
  }

  /** The live boot version: where {@code boot/loader} points, or 0 when nothing was deployed. */
  public int bootversion() throws IOException {
    Path link = loaderLink();
    if (!Files.isSymbolicLink(link)) {
      return 0;
    }
    String target = Files.readSymbolicLink(link).toString();
    return switch (target) {
      case "loader.0" -> 0;
      case "loader.1" -> 1;
      default -> throw new IOException(link + " points at unexpected " + target);
    };
  }

  /** The live sub-boot version: where {@code ostree/boot.N} points. */
  public int subbootversion(int bootversion) throws IOException {
    Path link = bootLink(bootversion);
    if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    String target = Files.readSymbolicLink(link).toString();
    String prefix = "boot." + bootversion + ".";
    if (!target.startsWith(prefix)) {
      throw new IOException(link + " points at unexpected " + target);
    }
    return Integer.parseInt(target.substring(prefix.length()));
  }

  static String checkName(String stateroot) {
    if (stateroot.isEmpty() || stateroot.contains("/") || stateroot.startsWith(".")) {
      throw new IllegalArgumentException("invalid stateroot name '" + stateroot + "'");
    }
    return stateroot;
  }
}
