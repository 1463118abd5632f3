package dev.caisson.server.lock;

/** The closed set of answers to a lock or unlock; the HTTP layer maps them to FleetLock statuses and kinds. */
public sealed interface LockOutcome {
  /** The node holds a slot (newly or already: the lock is recursive). */
  record Granted(boolean already) implements LockOutcome {}

  /** The node holds no slot now (it released one, or held none). */
  record Released(boolean held) implements LockOutcome {}

  record Full(int slots) implements LockOutcome {}

  record UnknownGroup(String group) implements LockOutcome {}

  record OutsideWindow(String group) implements LockOutcome {}

  /** The store failed or stayed contended past every retry: not the client's fault, retry later. */
  record BackendError(String message) implements LockOutcome {}
}
