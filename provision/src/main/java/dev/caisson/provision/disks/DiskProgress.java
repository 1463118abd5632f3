package dev.caisson.provision.disks;

import dev.caisson.disk.DiskListener;
import dev.caisson.provision.ProvisionListener;

/** The disk module's progress as the provisioning listener's {@code disks} stage. */
public record DiskProgress(ProvisionListener listener) implements DiskListener {
  @Override
  public void started(String op) {
    listener.started("disks", op);
  }

  @Override
  public void finished(String op) {
    listener.finished("disks", op);
  }

  @Override
  public void failed(String op, String reason) {
    listener.failed("disks", op, reason);
  }

  /** Kept partitions and filesystems, and command lines: logged as finished operations. */
  @Override
  public void info(String message) {
    listener.finished("disks", message);
  }
}
