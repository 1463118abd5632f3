package dev.caisson.deploy;

import java.util.List;
import java.util.Optional;

/**
 * A sysroot's deployments as its live boot configuration lists them, newest first.
 *
 * @param bootversion which {@code loader.N} is live
 * @param subbootversion which {@code ostree/boot.N.M} is live
 * @param deployments in boot order; the first is the default
 * @param booted the one the running system booted, when the sysroot is the booted one
 */
public record SysrootState(int bootversion, int subbootversion, List<Deployment> deployments, Optional<Deployment> booted) {
  public SysrootState {
    deployments = List.copyOf(deployments);
  }

  public Optional<Deployment> defaultDeployment() {
    return deployments.stream().findFirst();
  }

  /** The deployment after the booted one (or after the default when nothing is booted). */
  public Optional<Deployment> rollback() {
    int from = booted.map(Deployment::index).orElse(0);
    return deployments.stream().filter(d -> d.index() > from).findFirst();
  }

  /**
   * The deployment to take /etc and kernel arguments from for a new one: the booted deployment of
   * the same stateroot, else that stateroot's default.
   */
  public Optional<Deployment> mergeDeployment(String stateroot) {
    if (booted.isPresent() && booted.get().stateroot().equals(stateroot)) {
      return booted;
    }
    return deployments.stream().filter(d -> d.stateroot().equals(stateroot)).findFirst();
  }
}
