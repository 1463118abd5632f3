package dev.caisson.provision.files;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caisson.provision.ProvisionException;
import dev.caisson.provision.fetch.Fetcher;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The files stage's planning half: users and groups, then storage nodes (by depth, hard links
 * last), then systemd units. Nothing is written here; {@link Applier} performs the plan.
 */
public final class FilesStage {
  /** Where the kargs stage hands its edits to the deployment layer (read by {@code admin kargs --import}). */
  public static final String KARGS_FILE = "/etc/caisson/kargs.d/50-provision.conf";

  private final Path root;
  private final Fetcher fetcher;
  private final long epochDay;

  public FilesStage(Path root, Fetcher fetcher, long epochDay) {
    this.root = root;
    this.fetcher = fetcher;
    this.epochDay = epochDay;
  }

  /**
   * The actions that apply {@code config} to the root.
   *
   * @param keepSpecialBits false for configs older than spec 3.4.0: setuid, setgid and sticky are dropped
   */
  public List<Action> plan(JsonNode config, boolean keepSpecialBits, boolean files, List<String> kargs,
      Consumer<String> warn) throws ProvisionException {
    var builder = new PlanBuilder(new RootResolver(root));
    if (files) {
      var accounts = new Accounts(builder, epochDay);
      accounts.apply(config.path("passwd"));
      new NodePlanner(builder, accounts, fetcher, keepSpecialBits, warn).apply(config.path("storage"));
      new UnitPlanner(builder).apply(config.path("systemd"));
    }
    if (!kargs.isEmpty()) {
      String rel = builder.fs().resolve(KARGS_FILE, false);
      builder.parents(rel, "kernelArguments");
      byte[] text = ("# kernel-argument edits from the provisioning config; caisson admin kargs --import\n"
          + String.join("\n", kargs) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      Node before = builder.fs().lookup(rel);
      if (!(before instanceof Node.Absent) && !(before instanceof Node.File)) {
        builder.remove(rel, before);
        before = Node.ABSENT;
      }
      builder.write(rel, text, 0644, 0, 0, before);
    }
    return List.copyOf(builder.actions());
  }
}
