package dev.caisson.deploy;

import java.io.IOException;
import java.util.ArrayList;

/**
 * Changes to existing deployments: rollback, undeploy, pinning, origins and kernel arguments.
 * Each one that touches the boot order writes a whole new boot configuration and swaps it in.
 */
public final class SysrootEdits {
  private final Sysroot sysroot;

  public SysrootEdits(Sysroot sysroot) {
    this.sysroot = sysroot;
  }

  /** {@code admin rollback}: the rollback deployment becomes the default. */
  public Deployment rollback() throws IOException {
    SysrootState state = sysroot.state();
    Deployment target = state.rollback()
        .orElseThrow(() -> new IOException("no rollback deployment: only " + state.deployments().size() + " deployment(s)"));
    var order = new ArrayList<BootSpec>();
    order.add(sysroot.spec(target));
    for (Deployment d : state.deployments()) {
      if (!d.sameDeployment(target)) {
        order.add(sysroot.spec(d));
      }
    }
    sysroot.writeBootConfig(order);
    return target;
  }

  /** {@code admin undeploy INDEX}. The booted deployment cannot be removed. */
  public Deployment undeploy(int index) throws IOException {
    SysrootState state = sysroot.state();
    Deployment target = byIndex(state, index);
    if (state.booted().map(b -> b.sameDeployment(target)).orElse(false)) {
      throw new IOException("deployment " + index + " is the booted one; it cannot be undeployed");
    }
    var order = new ArrayList<BootSpec>();
    for (Deployment d : state.deployments()) {
      if (!d.sameDeployment(target)) {
        order.add(sysroot.spec(d));
      }
    }
    sysroot.writeBootConfig(order);
    return target;
  }

  /** {@code admin pin|unpin INDEX}: a pinned deployment is never cleaned up. */
  public Deployment pin(int index, boolean pinned) throws IOException {
    Deployment d = byIndex(sysroot.state(), index);
    OriginFile origin = d.origin();
    if (pinned) {
      origin = origin.with("libostree-transient", "pinned", "true");
    } else {
      origin = origin.without("libostree-transient", "pinned");
    }
    Durable.write(sysroot.layout().originFile(d.stateroot(), d.checksum(), d.serial()), origin.render());
    return byIndex(sysroot.state(), index);
  }

  /** {@code admin set-origin}: the deployment's origin now follows {@code refspec}. */
  public Deployment setOrigin(int index, String refspec) throws IOException {
    Deployment d = byIndex(sysroot.state(), index);
    Durable.write(sysroot.layout().originFile(d.stateroot(), d.checksum(), d.serial()),
        d.origin().with("origin", "refspec", refspec).render());
    return byIndex(sysroot.state(), index);
  }

  /**
   * {@code admin kargs} with edits: the default deployment's kernel arguments change, through a
   * new boot configuration swapped in atomically. Returns the new arguments.
   */
  public KernelArgs editKargs(KargsEdit edit) throws IOException {
    SysrootState state = sysroot.state();
    Deployment first = state.defaultDeployment()
        .orElseThrow(() -> new IOException("no deployments in " + sysroot.layout().root() + ": nothing to edit"));
    KernelArgs updated = edit.apply(first.kargs());
    if (updated.equals(first.kargs())) {
      return updated;
    }
    var order = new ArrayList<BootSpec>();
    for (Deployment d : state.deployments()) {
      BootSpec spec = sysroot.spec(d);
      if (d.sameDeployment(first)) {
        spec = new BootSpec(spec.stateroot(), spec.checksum(), spec.serial(), spec.kernel(), updated, spec.title(),
            spec.counter());
      }
      order.add(spec);
    }
    sysroot.writeBootConfig(order);
    return updated;
  }

  private static Deployment byIndex(SysrootState state, int index) throws IOException {
    if (index < 0 || index >= state.deployments().size()) {
      throw new IOException("no deployment with index " + index + " (there are " + state.deployments().size() + ")");
    }
    return state.deployments().get(index);
  }
}
