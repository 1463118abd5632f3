package dev.caisson.provision;

import java.util.List;

/**
 * What a run did (or, for a dry run, would do).
 *
 * @param configSha256 the hash of the merged config, as the stamp records it
 * @param plan one line per operation
 * @param alreadyProvisioned true when the root was already provisioned with this config: nothing was done
 * @param kargs the kernel-argument edits handed to the deployment layer ({@code ensure X} / {@code absent Y})
 */
public record Outcome(String configSha256, List<String> plan, int applied, boolean alreadyProvisioned,
    List<String> kargs) {
  public Outcome {
    plan = List.copyOf(plan);
    kargs = List.copyOf(kargs);
  }

  public boolean rebootNeeded() {
    return !kargs.isEmpty();
  }
}
