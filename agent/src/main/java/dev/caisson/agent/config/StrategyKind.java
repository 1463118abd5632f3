package dev.caisson.agent.config;

import java.util.Arrays;
import java.util.Optional;

/** {@code [updates] strategy}: Zincati's three, and periodic with fleet_lock together. */
public enum StrategyKind {
  IMMEDIATE("immediate"),
  PERIODIC("periodic"),
  FLEET_LOCK("fleet_lock"),
  /** Beyond Zincati: the lock is asked for only while a window is open. */
  PERIODIC_FLEET_LOCK("periodic+fleet_lock");

  private final String label;

  StrategyKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public boolean periodic() {
    return this == PERIODIC || this == PERIODIC_FLEET_LOCK;
  }

  public boolean fleetLock() {
    return this == FLEET_LOCK || this == PERIODIC_FLEET_LOCK;
  }

  public static Optional<StrategyKind> of(String label) {
    return Arrays.stream(values()).filter(k -> k.label.equals(label)).findFirst();
  }
}
