package dev.caisson.provision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caisson.config.ignition.SpecVersion;
import dev.caisson.disk.DeviceResolver;
import dev.caisson.disk.DiskException;
import dev.caisson.disk.DiskPlan;
import dev.caisson.disk.DisksStage;
import dev.caisson.disk.Partitioner;
import dev.caisson.disk.ProcessCommands;
import dev.caisson.provision.fetch.ConfigLoader;
import dev.caisson.provision.fetch.FetchOptions;
import dev.caisson.provision.fetch.Fetcher;
import dev.caisson.provision.files.Action;
import dev.caisson.provision.files.Applier;
import dev.caisson.provision.disks.DiskConfig;
import dev.caisson.provision.disks.DiskProgress;
import dev.caisson.provision.files.FilesStage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs provisioning: finds and loads the config (everything fetched and verified first), plans
 * the disks, files and kargs stages, prints nothing, applies the plan unless it is a dry run (disks
 * first, then files and kargs), syncs the filesystem once, then writes the result file and the stamp.
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
    req = platformSource(req);
    var found = new ConfigSourceFinder().find(req, new Fetcher(fetchOptions));
    var loader = new ConfigLoader(fetchOptions);
    ConfigLoader.Loaded loaded = loader.load(req.baseDir(), found.bytes(), found.name());
    loaded.warnings().forEach(w -> listener.warning("fetch", w));
    ObjectNode config = loaded.config();
    var digest = new PendingDigest(config);
    if (req.stage() == Stage.FETCH) {
      String hash = digest.get();
      listener.finished("fetch", "fetching config (sha256 " + hash + ")");
      return new Outcome(hash, List.of(), 0, false, List.of());
    }
    listener.finished("fetch", "fetching config");
    String stamped = stamp(root);
    if (stamped != null && !req.force()) {
      String hash = digest.get();
      if (stamped.equals(hash)) {
        return new Outcome(hash, List.of(), 0, true, List.of());
      }
      throw new ProvisionException("the root was already provisioned with another config (sha256 " + stamped
          + "); use --force to apply this one (sha256 " + hash + ")");
    }
    List<String> kargs = req.stage().runsKargs()
        ? KernelArguments.edits(config.path("kernelArguments"), read(req.cmdline())) : List.of();
    DiskPlan diskPlan = new DiskPlan(List.of());
    DisksStage disks = null;
    if (req.stage().runsDisks()) {
      for (String skipped : List.of("raid", "luks")) {
        if (config.path("storage").path(skipped).size() > 0) {
          listener.warning("disks", "storage." + skipped + " is not supported yet: skipped");
        }
      }
      DiskConfig dc = DiskConfig.from(config.path("storage"));
      if (!dc.isEmpty()) {
        // built only when there are disks: its random source costs a provider lookup at every start
        disks = new DisksStage(DeviceResolver.mapping(req.deviceMap()), new ProcessCommands(),
            new Partitioner(new java.security.SecureRandom()), new DiskProgress(listener));
        diskPlan = planDisks(disks, dc);
      }
    }
    long day = LocalDate.now(clock.withZone(ZoneOffset.UTC)).toEpochDay();
    var stage = new FilesStage(root, loader.fetcherForConfig(config), day);
    List<Action> plan = stage.plan(config, loaded.oldestSpec().atLeast(SpecVersion.V3_4_0), req.stage().runsFiles(),
        kargs, w -> listener.warning("files", w));
    List<String> lines = new ArrayList<>(diskPlan.lines());
    if (req.dryRun()) {
      plan.stream().map(Action::describe).forEach(lines::add);
      return new Outcome(digest.get(), lines, 0, false, kargs);
    }
    var result = new ResultFile(root, clock);
    int total = diskPlan.actions().size() + plan.size();
    int applied;
    try {
      applied = disks == null ? 0 : disks.apply(diskPlan);
    } catch (DiskException e) {
      result.write(digest.get(), req.stage(), "failed", -1, total, e.getMessage());
      throw new ProvisionException(e.getMessage(), e);
    }
    try {
      List<String> done = new Applier(root, listener, req.stage() == Stage.KARGS ? "kargs" : "files").apply(plan);
      applied += done.size();
      lines.addAll(done);
    } catch (ProvisionException e) {
      result.write(digest.get(), req.stage(), "failed", -1, total, e.getMessage());
      throw e;
    }
    result.sync();
    String hash = digest.get();
    result.write(hash, req.stage(), "ok", applied, total, null);
    if (req.stage() == Stage.ALL) {
      result.stamp(hash);
    }
    return new Outcome(hash, lines, applied, false, kargs);
  }

  /** {@code --platform}: which source a run without {@code --config} reads, and that it must exist. */
  private static ProvisionRequest platformSource(ProvisionRequest req) throws ProvisionException {
    if (req.config().isPresent()) {
      return req;
    }
    switch (req.platform()) {
      case FILE -> throw new ProvisionException("--platform file needs --config");
      case QEMU -> {
        Path fw = req.fwCfgDir().resolve(ConfigSourceFinder.FW_CFG_NAME).resolve("raw");
        if (!Files.isRegularFile(fw)) {
          throw new ProvisionException("--platform qemu: no config in fw_cfg (" + fw + ")");
        }
        return req;
      }
      case METAL -> {
        String url = ConfigSourceFinder.cmdlineUrl(req.cmdline()).orElseThrow(() -> new ProvisionException(
            "--platform metal: no ignition.config.url= on the kernel command line (" + req.cmdline() + ")"));
        return req.withConfig(url);
      }
      default -> {
        return req;
      }
    }
  }

  private static DiskPlan planDisks(DisksStage disks, DiskConfig dc) throws ProvisionException {
    try {
      return disks.plan(dc.disks(), dc.filesystems());
    } catch (DiskException e) {
      throw new ProvisionException(e.getMessage(), e);
    }
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
