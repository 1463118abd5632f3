package dev.caisson.agent.strategy;

import dev.caisson.agent.fleetlock.FleetLockClient;
import dev.caisson.agent.fleetlock.LockAnswer;
import java.util.Optional;

/**
 * A strategy's answer: may the agent go on, and why not. {@code lock} is the FleetLock exchange
 * made to decide, if any, so the agent can count it.
 */
public record Decision(boolean allowed, String reason, Optional<FleetLockClient.Api> api, Optional<LockAnswer> lock) {
  public static Decision yes(String reason) {
    return new Decision(true, reason, Optional.empty(), Optional.empty());
  }

  public static Decision no(String reason) {
    return new Decision(false, reason, Optional.empty(), Optional.empty());
  }

  static Decision of(FleetLockClient.Api api, LockAnswer a) {
    String why;
    if (a instanceof LockAnswer.TryLater t) {
      why = "reboot lock busy (HTTP " + t.status() + " " + t.kind() + "): " + t.value();
    } else if (a instanceof LockAnswer.Failed f) {
      why = "FleetLock " + api.label() + " failed (" + (f.status() == 0 ? "" : "HTTP " + f.status() + " ") + f.kind()
          + "): " + f.value();
    } else {
      why = api == FleetLockClient.Api.PRE_REBOOT ? "reboot lock taken" : "reboot lock released";
    }
    return new Decision(a.granted(), why, Optional.of(api), Optional.of(a));
  }
}
