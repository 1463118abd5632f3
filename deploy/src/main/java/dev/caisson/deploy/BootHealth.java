package dev.caisson.deploy;

import dev.caisson.deploy.boot.BootCounter;
import dev.caisson.deploy.boot.BootMenu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * After a boot: marks the booted entry good (systemd-bless-boot's job) or records why it is not,
 * and explains a rollback, when boot counting has passed over a deployment whose tries ran out.
 */
public final class BootHealth {
  private final Sysroot sysroot;
  private final Clock clock;

  public BootHealth(Sysroot sysroot, Clock clock) {
    this.sysroot = sysroot;
    this.clock = clock;
  }

  /** {@code admin boot-ok}: strips the booted entry's counter so it is never abandoned. */
  public Deployment bootOk() throws IOException {
    SysrootState state = sysroot.state();
    Deployment booted = state.booted()
        .orElseThrow(() -> new IOException("this system did not boot a deployment of " + sysroot.layout().root()));
    String id = BootCounter.split(booted.entryFile()).id();
    new BootMenu(sysroot.layout().entries(state.bootversion())).bless(id);
    if (sysroot.esp().isPresent()) {
      new BootMenu(sysroot.esp().get().entries()).bless(id);
    }
    Files.deleteIfExists(healthLog(booted));
    return booted;
  }

  /** {@code admin health-check}: runs the checks; marks the boot good, or records the failure. */
  public HealthCheck.Report check(HealthCheck checks) throws IOException {
    HealthCheck.Report report = checks.run();
    if (report.healthy()) {
      bootOk();
    } else {
      Deployment booted = sysroot.state().booted()
          .orElseThrow(() -> new IOException("this system did not boot a deployment of " + sysroot.layout().root()));
      Path log = healthLog(booted);
      Files.createDirectories(log.getParent());
      Files.writeString(log, clock.instant() + " " + report.summary() + "\n", StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
    return report;
  }

  private Path healthLog(Deployment d) {
    return sysroot.layout().root().resolve("ostree/caisson/health").resolve(d.name());
  }

  /**
   * Why the booted deployment is not the default one, when boot counting abandoned the default:
   * its tries ran out. Empty when the system booted its default.
   */
  public Optional<String> rollbackReason() throws IOException {
    SysrootState state = sysroot.state();
    if (state.booted().isEmpty() || state.deployments().isEmpty()) {
      return Optional.empty();
    }
    Deployment first = state.deployments().get(0);
    Optional<BootCounter> counter = BootCounter.split(first.entryFile()).counter();
    if (state.booted().get().sameDeployment(first) || counter.isEmpty() || !counter.get().bad()) {
      return Optional.empty();
    }
    String why = "rolled back: deployment " + first.name() + " used all its boot attempts (" + counter.get().done()
        + " tried)";
    Path log = healthLog(first);
    if (Files.isRegularFile(log)) {
      List<String> lines = Files.readAllLines(log);
      if (!lines.isEmpty()) {
        why += "; failed health checks on " + lines.size() + " boot(s), last: " + lines.get(lines.size() - 1);
      }
    }
    return Optional.of(why);
  }
}
