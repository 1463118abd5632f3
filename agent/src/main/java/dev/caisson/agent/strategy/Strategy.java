package dev.caisson.agent.strategy;

import dev.caisson.agent.fleetlock.FleetLockClient;
import java.time.Duration;
import java.time.Instant;

/** When the agent may report itself steady and when it may reboot into a staged update. */
public sealed interface Strategy {
  String name();

  /** At start: give back a reboot slot held from before the reboot (FleetLock steady-state). */
  Decision reportSteady();

  /** Before rebooting into a staged update. */
  Decision canFinalize(Instant now);

  /** Reboot as soon as an update is staged (Zincati's default). */
  record Immediate() implements Strategy {
    public String name() {
      return "immediate";
    }

    public Decision reportSteady() {
      return Decision.yes("nothing to release");
    }

    public Decision canFinalize(Instant now) {
      return Decision.yes("immediate strategy");
    }
  }

  /** Reboot only inside a weekly maintenance window. */
  record Periodic(WeeklySchedule schedule) implements Strategy {
    public String name() {
      return "periodic";
    }

    public Decision reportSteady() {
      return Decision.yes("nothing to release");
    }

    public Decision canFinalize(Instant now) {
      return windowOpen(schedule, now);
    }
  }

  /** Reboot only while holding a FleetLock slot. */
  record FleetLock(FleetLockClient client) implements Strategy {
    public String name() {
      return "fleet_lock";
    }

    public Decision reportSteady() {
      return Decision.of(FleetLockClient.Api.STEADY_STATE, client.steadyState());
    }

    public Decision canFinalize(Instant now) {
      return Decision.of(FleetLockClient.Api.PRE_REBOOT, client.preReboot());
    }
  }

  /** Both: the lock is asked for only while a window is open, so it is never held across a closed window. */
  record PeriodicFleetLock(WeeklySchedule schedule, FleetLockClient client) implements Strategy {
    public String name() {
      return "periodic+fleet_lock";
    }

    public Decision reportSteady() {
      return Decision.of(FleetLockClient.Api.STEADY_STATE, client.steadyState());
    }

    public Decision canFinalize(Instant now) {
      Decision window = windowOpen(schedule, now);
      return window.allowed() ? Decision.of(FleetLockClient.Api.PRE_REBOOT, client.preReboot()) : window;
    }
  }

  private static Decision windowOpen(WeeklySchedule schedule, Instant now) {
    if (schedule.isOpen(now)) {
      return Decision.yes("inside a maintenance window");
    }
    Duration wait = schedule.untilOpen(now).orElse(Duration.ZERO);
    return Decision.no("outside the maintenance windows; the next opens in " + wait.toMinutes() + " min");
  }
}
