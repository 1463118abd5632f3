package dev.caisson.agent.fleetlock;

/** What a FleetLock server said. */
public sealed interface LockAnswer {
  /** Any 2xx: the lock is held (pre-reboot) or released (steady-state). */
  record Granted(int status) implements LockAnswer {}

  /**
   * The semaphore is full or held by another node: airlock's 500 {@code failed_lock*} ("all N
   * semaphore slots currently locked"), poseidon's 423 {@code lock_held}, or the spec's
   * {@code failed_lock_semaphore_full}. Ask again on a later tick.
   */
  record TryLater(int status, String kind, String value) implements LockAnswer {}

  /** Anything else: a bad request, an unknown group, a backend error, no connection. */
  record Failed(int status, String kind, String value) implements LockAnswer {}

  default boolean granted() {
    return this instanceof Granted;
  }
}
