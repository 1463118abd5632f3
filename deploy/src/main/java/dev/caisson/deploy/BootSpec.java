package dev.caisson.deploy;

import dev.caisson.deploy.boot.BootCounter;
import java.util.Objects;
import java.util.Optional;

/**
 * What the boot configuration needs to know about one deployment, in boot order.
 *
 * @param stateroot its OS name
 * @param checksum its commit
 * @param serial its deployment serial
 * @param kernel its kernel and initramfs (found in its checkout)
 * @param kargs its kernel arguments, without {@code ostree=}
 * @param title the entry's title before {@code (ostree:N)}: PRETTY_NAME and version
 * @param counter boot-counting state of its entry: tries left for a new deployment, the current
 *     state for an existing one, empty once blessed
 */
public record BootSpec(
    String stateroot,
    String checksum,
    int serial,
    KernelFiles kernel,
    KernelArgs kargs,
    String title,
    Optional<BootCounter> counter) {
  public BootSpec {
    Objects.requireNonNull(stateroot, "stateroot");
    Objects.requireNonNull(checksum, "checksum");
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(kargs, "kargs");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(counter, "counter");
  }
}
