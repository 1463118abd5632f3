package dev.caisson.deploy;

import dev.caisson.deploy.boot.BootCounter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code admin status} shows: every deployment with its role, version, origin and boot
 * counting state, the staged deployment, and, loudly, a failed finalization or a rollback.
 */
public record StatusReport(List<Entry> deployments, Optional<String> finalizeFailure, Optional<String> rollbackReason) {
  public StatusReport {
    deployments = List.copyOf(deployments);
  }

  /** One line of the report. */
  public record Entry(int index, String stateroot, String checksum, int serial, String version, String refspec,
      boolean booted, boolean staged, boolean pending, boolean rollback, boolean pinned, String bootCounting,
      String kargs) {}

  public static StatusReport of(Sysroot sysroot, CommitSource commits, BootHealth health) throws IOException {
    SysrootState state = sysroot.state();
    var entries = new ArrayList<Entry>();
    Optional<StagedDeployment> staged = sysroot.staged();
    if (staged.isPresent()) {
      StagedDeployment s = staged.get();
      entries.add(new Entry(-1, s.stateroot(), s.checksum(), s.serial(), version(commits, s.checksum()), null,
          false, true, false, false, false, "new", s.kargs().toString()));
    }
    int bootedIndex = state.booted().map(Deployment::index).orElse(-1);
    Optional<Deployment> rollback = state.rollback();
    for (Deployment d : state.deployments()) {
      boolean booted = d.index() == bootedIndex;
      entries.add(new Entry(d.index(), d.stateroot(), d.checksum(), d.serial(), version(commits, d.checksum()),
          d.origin().refspec(), booted, false, bootedIndex >= 0 && d.index() < bootedIndex,
          rollback.map(r -> r.sameDeployment(d)).orElse(false), d.pinned(), counting(d), d.kargs().toString()));
    }
    return new StatusReport(entries, sysroot.finalizeFailure(), health.rollbackReason());
  }

  private static String version(CommitSource commits, String checksum) {
    try {
      return commits.version(checksum).orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  private static String counting(Deployment d) {
    Optional<BootCounter> c = d.entryFile() == null ? Optional.empty() : BootCounter.split(d.entryFile()).counter();
    if (c.isEmpty()) {
      return "good";
    }
    return c.get().bad() ? "bad (" + c.get().done() + " tries used)" : c.get().left() + " tries left";
  }

  /** The text {@code admin status} prints, shaped like {@code ostree admin status}'s. */
  public String render() {
    var sb = new StringBuilder();
    finalizeFailure.ifPresent(f -> sb.append("error: the last staged update was NOT applied: ").append(f).append('\n'));
    rollbackReason.ifPresent(r -> sb.append("warning: ").append(r).append('\n'));
    if (deployments.isEmpty()) {
      sb.append("No deployments.\n");
    }
    for (Entry e : deployments) {
      var tags = new ArrayList<String>();
      if (e.staged()) {
        tags.add("staged");
      }
      if (e.pending()) {
        tags.add("pending");
      }
      if (e.rollback()) {
        tags.add("rollback");
      }
      if (e.booted()) {
        tags.add("booted");
      }
      sb.append(e.booted() ? "* " : "  ").append(e.stateroot()).append(' ').append(e.checksum()).append('.')
          .append(e.serial());
      if (!tags.isEmpty()) {
        sb.append(" (").append(String.join(", ", tags)).append(')');
      }
      sb.append('\n');
      if (e.version() != null) {
        sb.append("    Version: ").append(e.version()).append('\n');
      }
      if (e.pinned()) {
        sb.append("    Pinned: yes\n");
      }
      sb.append("    Boot: ").append(e.bootCounting()).append('\n');
      if (e.refspec() != null) {
        sb.append("    origin refspec: ").append(e.refspec()).append('\n');
      }
    }
    return sb.toString();
  }
}
