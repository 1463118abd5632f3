package dev.caisson.deploy;

import java.util.Objects;

/**
 * One deployment of a commit, as the boot configuration lists it.
 *
 * @param index position in the boot order (0 is the default)
 * @param stateroot the OS name it belongs to
 * @param checksum the commit it checks out
 * @param serial counts repeat deployments of the same commit
 * @param bootcsum checksum of its kernel and initramfs
 * @param bootserial counts deployments sharing one bootcsum
 * @param origin its origin file (refspec, pinning)
 * @param kargs its kernel arguments, without {@code ostree=}
 * @param entryFile the boot entry's file name, counter included
 * @param title the boot entry's title without its {@code (ostree:N)} suffix
 */
public record Deployment(
    int index,
    String stateroot,
    String checksum,
    int serial,
    String bootcsum,
    int bootserial,
    OriginFile origin,
    KernelArgs kargs,
    String entryFile,
    String title) {
  public Deployment {
    Objects.requireNonNull(stateroot, "stateroot");
    Objects.requireNonNull(checksum, "checksum");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(kargs, "kargs");
  }

  /** {@code CHECKSUM.SERIAL}, the deployment directory's name. */
  public String name() {
    return checksum + "." + serial;
  }

  public boolean pinned() {
    return "true".equals(origin.get("libostree-transient", "pinned"));
  }

  public boolean sameDeployment(Deployment other) {
    return other != null && stateroot.equals(other.stateroot) && checksum.equals(other.checksum) && serial == other.serial;
  }
}
