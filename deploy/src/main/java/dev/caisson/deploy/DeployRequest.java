package dev.caisson.deploy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The options of {@code admin deploy}, as {@code ostree admin deploy} spells them.
 *
 * @param stateroot {@code --os}
 * @param refOrCommit what to deploy
 * @param kargs {@code --karg}: replace the key's value
 * @param kargsAppend {@code --karg-append}
 * @param procCmdline {@code --karg-proc-cmdline}: start from the running kernel's arguments
 * @param origin {@code --origin-file} contents, else a refspec origin
 * @param retain {@code --retain}: keep every other deployment
 * @param notAsDefault {@code --not-as-default}: add it after the current default
 * @param stage {@code --stage}: check it out now, finish at shutdown
 * @param tries boot-counting tries for its entry; 0 turns counting off
 * @param lockFinalization {@code --lock-finalization} (with {@code stage}): shutdown does not finalize it until
 *     {@link Sysroot#unlockFinalization} removes the lock, as ostree's {@code staged-deployment-locked}
 */
public record DeployRequest(
    String stateroot,
    String refOrCommit,
    List<String> kargs,
    List<String> kargsAppend,
    Optional<String> procCmdline,
    Optional<OriginFile> origin,
    boolean retain,
    boolean notAsDefault,
    boolean stage,
    int tries,
    boolean lockFinalization) {
  public DeployRequest {
    Objects.requireNonNull(stateroot, "stateroot");
    Objects.requireNonNull(refOrCommit, "refOrCommit");
    kargs = List.copyOf(kargs);
    kargsAppend = List.copyOf(kargsAppend);
    if (tries < 0) {
      throw new IllegalArgumentException("tries must be 0 or more");
    }
    if (lockFinalization && !stage) {
      throw new IllegalArgumentException("--lock-finalization needs --stage");
    }
  }

  /** Without {@code --lock-finalization}. */
  public DeployRequest(String stateroot, String refOrCommit, List<String> kargs, List<String> kargsAppend,
      Optional<String> procCmdline, Optional<OriginFile> origin, boolean retain, boolean notAsDefault, boolean stage,
      int tries) {
    this(stateroot, refOrCommit, kargs, kargsAppend, procCmdline, origin, retain, notAsDefault, stage, tries, false);
  }

  public static DeployRequest of(String stateroot, String refOrCommit) {
    return new DeployRequest(stateroot, refOrCommit, List.of(), List.of(), Optional.empty(), Optional.empty(),
        false, false, false, 3);
  }

  public DeployRequest withKargs(List<String> replace, List<String> append) {
    return new DeployRequest(stateroot, refOrCommit, replace, append, procCmdline, origin, retain, notAsDefault,
        stage, tries, lockFinalization);
  }

  public DeployRequest withFlags(boolean retain, boolean notAsDefault, boolean stage) {
    return new DeployRequest(stateroot, refOrCommit, kargs, kargsAppend, procCmdline, origin, retain, notAsDefault,
        stage, tries, lockFinalization && stage);
  }

  public DeployRequest withTries(int tries) {
    return new DeployRequest(stateroot, refOrCommit, kargs, kargsAppend, procCmdline, origin, retain, notAsDefault,
        stage, tries, lockFinalization);
  }

  /** {@code --stage --lock-finalization}. */
  public DeployRequest withLockedFinalization() {
    return new DeployRequest(stateroot, refOrCommit, kargs, kargsAppend, procCmdline, origin, retain, notAsDefault,
        true, tries, true);
  }
}
