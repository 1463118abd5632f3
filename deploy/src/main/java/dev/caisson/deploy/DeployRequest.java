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
    int tries) {
  public DeployRequest {
    Objects.requireNonNull(stateroot, "stateroot");
    Objects.requireNonNull(refOrCommit, "refOrCommit");
    kargs = List.copyOf(kargs);
    kargsAppend = List.copyOf(kargsAppend);
    if (tries < 0) {
      throw new IllegalArgumentException("tries must be 0 or more");
    }
  }

  public static DeployRequest of(String stateroot, String refOrCommit) {
    return new DeployRequest(stateroot, refOrCommit, List.of(), List.of(), Optional.empty(), Optional.empty(),
        false, false, false, 3);
  }

  public DeployRequest withKargs(List<String> replace, List<String> append) {
    return new DeployRequest(stateroot, refOrCommit, replace, append, procCmdline, origin, retain, notAsDefault,
        stage, tries);
  }

  public DeployRequest withFlags(boolean retain, boolean notAsDefault, boolean stage) {
    return new DeployRequest(stateroot, refOrCommit, kargs, kargsAppend, procCmdline, origin, retain, notAsDefault,
        stage, tries);
  }

  public DeployRequest withTries(int tries) {
    return new DeployRequest(stateroot, refOrCommit, kargs, kargsAppend, procCmdline, origin, retain, notAsDefault,
        stage, tries);
  }
}
