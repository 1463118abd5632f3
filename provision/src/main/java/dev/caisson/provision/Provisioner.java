package dev.caisson.provision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caisson.config.ignition.SpecVersion;
import dev.caisson.provision.fetch.ConfigLoader;
import dev.caisson.provision.fetch.FetchOptions;
import dev.caisson.provision.fetch.Fetcher;
import dev.caisson.provision.fetch.Verification;
import dev.caisson.provision.files.Action;
import dev.caisson.provision.files.Applier;
import dev.caisson.provision.files.FilesStage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Runs provisioning: finds and loads the config (everything fetched and verified first), plans
 * the files and kargs stages, prints nothing, applies the plan unless it is a dry run, syncs the
 * filesystem once, then writes the result file and the stamp.
 */
public final class Provisioner {
  /** Records that provisioning succeeded, with the config's hash. */
  public static final String STAMP = "etc/.caisson-provisioned";
  /** Records the last run: date, config hash, stage, status, how many operations were applied. */
  public static final String RESULT = "etc/.caisson-result.json";

  private final Clock clock;
  private final FetchOptions fetchOptions;
  private final ProvisionListener listener;

  public Provisioner(Clock clock, FetchOptions fetchOptions, ProvisionListener listener) {
    this.clock = clock;
    this.fetchOptions = fetchOptions;
    this.listener = listener;
  }

  public Outcome run(ProvisionRequest req) throws ProvisionException {
    Path root = req.root();
    if (!Files.isDirectory(root)) {
      throw new ProvisionException("--root " + root + " is not a directory");
    }
    listener.started("fetch", "fetching config");
    var found = new ConfigSourceFinder().find(req, new Fetcher(fetchOptions));
    var loader = new ConfigLoader(fetchOptions);
    ConfigLoader.Loaded loaded = loader.load(req.baseDir(), found.bytes(), found.name());
    loaded.warnings().forEach(w -> listener.warning("fetch", w));
    ObjectNode config = loaded.config();
    String hash = Verification.sha256(config.toString().getBytes(StandardCharsets.UTF_8));
    listener.finished("fetch", "fetching config (sha256 " + hash + ")");
    if (req.stage() == Stage.FETCH) {
      return new Outcome(hash, List.of(), 0, false, List.of());
    }
    String stamped = stamp(root);
    if (stamped != null && !req.force()) {
      if (stamped.equals(hash)) {
        return new Outcome(hash, List.of(), 0, true, List.of());
      }
      throw new ProvisionException("the root was already provisioned with another config (sha256 " + stamped
          + "); use --force to apply this one (sha256 " + hash + ")");
    }
    List<String> kargs = req.stage().runsKargs()
        ? KernelArguments.edits(config.path("kernelArguments"), read(req.cmdline())) : List.of();
    long day = LocalDate.now(clock.withZone(ZoneOffset.UTC)).toEpochDay();
    var stage = new FilesStage(root, loader.fetcherForConfig(config), day);
    List<Action> plan = stage.plan(config, loaded.oldestSpec().atLeast(SpecVersion.V3_4_0), req.stage().runsFiles(),
        kargs, w -> listener.warning("files", w));
    List<String> lines = plan.stream().map(Action::describe).toList();
    if (req.dryRun()) {
      return new Outcome(hash, lines, 0, false, kargs);
    }
    var result = new ResultFile(root, clock);
    int applied;
    try {
      applied = new Applier(root, listener, req.stage() == Stage.KARGS ? "kargs" : "files").apply(plan);
    } catch (ProvisionException e) {
      result.write(hash, req.stage(), "failed", -1, plan.size(), e.getMessage());
      throw e;
    }
    result.sync();
    result.write(hash, req.stage(), "ok", applied, plan.size(), null);
    if (req.stage() == Stage.ALL) {
      result.stamp(hash);
    }
    return new Outcome(hash, lines, applied, false, kargs);
  }

  private static String stamp(Path root) throws ProvisionException {
    Path p = root.resolve(STAMP);
    if (!Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    String text = read(p).trim();
    return text.startsWith("sha256 ") ? text.substring(7) : text;
  }

  private static String read(Path p) throws ProvisionException {
    try {
      return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new ProvisionException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }
}
