package dev.caisson.deploy;

import dev.caisson.deploy.boot.BootCounter;
import dev.caisson.deploy.etc.EtcChange;
import dev.caisson.deploy.etc.EtcMerge;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A physical root with OSTree's layout, and the operations on its deployments. Every change to
 * the boot configuration goes through {@link BootConfigWriter}, which swaps it in atomically.
 */
public final class Sysroot {
  private static final Pattern DEPLOY_DIR = Pattern.compile("[0-9a-f]{64}\\.\\d+");

  private final SysrootLayout layout;
  private final CommitSource commits;
  private final Optional<String> bootedOstreeArg;
  private final DeployListener listener;
  private final Path runDir;
  private Optional<EspDirectory> esp = Optional.empty();

  /**
   * @param bootedOstreeArg the running kernel's {@code ostree=} value when this sysroot is the
   *     booted one (read from /proc/cmdline by the caller), else empty
   * @param runDir where a staged deployment waits for shutdown: a tmpfs such as /run/caisson
   */
  public Sysroot(SysrootLayout layout, CommitSource commits, Optional<String> bootedOstreeArg, DeployListener listener,
      Path runDir) {
    this.layout = layout;
    this.commits = commits;
    this.bootedOstreeArg = bootedOstreeArg;
    this.listener = listener;
    this.runDir = runDir;
    // the booted system's ESP (mounted on /efi or /boot/efi) is kept in step without being named
    this.esp = dev.caisson.deploy.esp.EspMount.forBooted(layout.root(), bootedOstreeArg);
  }

  public SysrootLayout layout() {
    return layout;
  }

  /** Keeps an EFI system partition in step with every boot configuration written from now on. */
  public Sysroot withEsp(EspDirectory esp) {
    this.esp = Optional.of(esp);
    return this;
  }

  public Optional<EspDirectory> esp() {
    return esp;
  }

  /**
   * The deployments; with an ESP, each entry's boot counter is the ESP's, where systemd-boot
   * counts.
   */
  public SysrootState state() throws IOException {
    SysrootState state = new SysrootReader(layout).read(bootedOstreeArg);
    if (esp.isEmpty()) {
      return state;
    }
    var files = esp.get().entryFiles();
    var list = new ArrayList<Deployment>();
    for (Deployment d : state.deployments()) {
      String espName = files.get(BootCounter.split(d.entryFile()).id());
      list.add(espName == null ? d : new Deployment(d.index(), d.stateroot(), d.checksum(), d.serial(), d.bootcsum(),
          d.bootserial(), d.origin(), d.kargs(), espName, d.title()));
    }
    Optional<Deployment> booted = state.booted().flatMap(b -> list.stream().filter(b::sameDeployment).findFirst());
    return new SysrootState(state.bootversion(), state.subbootversion(), list, booted);
  }

  /** {@code admin init-fs}: the top-level directories of a physical root. */
  public void initFs() throws IOException {
    Path root = layout.root();
    for (String d : List.of("boot", "dev", "home", "proc", "run", "sys", "ostree/deploy")) {
      Files.createDirectories(root.resolve(d));
    }
    Files.createDirectories(root.resolve("root"));
    Files.setAttribute(root.resolve("root"), "unix:mode", 0700);
    Files.createDirectories(root.resolve("tmp"));
    Files.setAttribute(root.resolve("tmp"), "unix:mode", 01777);
  }

  /** {@code admin os-init}: a stateroot with its shared /var. */
  public void osInit(String stateroot) throws IOException {
    Path var = layout.var(stateroot);
    Files.createDirectories(layout.deployments(stateroot));
    Files.createDirectories(var.resolve("lib"));
    Files.createDirectories(var.resolve("log"));
    Files.createDirectories(var.resolve("tmp"));
    Files.setAttribute(var.resolve("tmp"), "unix:mode", 01777);
    if (!Files.exists(var.resolve("run"), LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(var.resolve("run"), Path.of("../run"));
    }
    if (!Files.exists(var.resolve("lock"), LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(var.resolve("lock"), Path.of("../run/lock"));
    }
  }

  public Optional<StagedDeployment> staged() throws IOException {
    return StagedDeployment.read(runDir);
  }

  /**
   * {@code admin deploy}: the new deployment is live when this returns; with {@code --stage} it
   * is checked out now and made live by {@link #finalizeStaged} at shutdown.
   */
  public Deployment deploy(DeployRequest req) throws IOException {
    SysrootState state = state();
    if (!Files.isDirectory(layout.stateroot(req.stateroot()))) {
      throw new IOException("no stateroot '" + req.stateroot() + "' in " + layout.root() + ": run os-init first");
    }
    String csum = commits.resolve(req.refOrCommit());
    Optional<Deployment> merge = state.mergeDeployment(req.stateroot());
    Optional<StagedDeployment> previous = staged();
    if (previous.isPresent()) {
      drop(state, previous.get());
    }
    Prepared prepared = prepare(req, csum, state, merge);
    if (req.stage()) {
      BootSpec s = prepared.spec();
      // the lock goes down before the record appears, so a locked deployment is never finalizable; a restage
      // without the flag drops an old lock, as ostree does
      if (req.lockFinalization()) {
        StagedDeployment.lock(runDir);
      } else {
        StagedDeployment.unlock(runDir);
      }
      new StagedDeployment(s.stateroot(), s.checksum(), s.serial(), s.kargs(), s.title(), s.counter()).write(runDir);
      listener.step("staged " + s.checksum().substring(0, 12) + "." + s.serial() + (req.lockFinalization()
          ? "; finalization is locked until unlock-finalization" : "; it becomes the default at shutdown"));
      return new Deployment(-1, s.stateroot(), s.checksum(), s.serial(), s.kernel().bootcsum(), 0,
          req.origin().orElse(OriginFile.forRefspec(req.refOrCommit())), s.kargs(), null, s.title());
    }
    FinalizeRecord.clear(layout);
    return install(prepared.spec(), state, merge, req.retain(), req.notAsDefault());
  }

  /** Puts a prepared deployment into the boot configuration and returns it as listed there. */
  Deployment install(BootSpec spec, SysrootState state, Optional<Deployment> merge, boolean retain,
      boolean notAsDefault) throws IOException {
    String csum = spec.checksum();
    var order = new ArrayList<BootSpec>();
    var keep = retained(state, merge, retain, spec.stateroot());
    if (notAsDefault && !keep.isEmpty()) {
      order.add(spec(keep.get(0)));
      order.add(spec);
      for (Deployment d : keep.subList(1, keep.size())) {
        order.add(spec(d));
      }
    } else {
      order.add(spec);
      for (Deployment d : keep) {
        order.add(spec(d));
      }
    }
    listener.step("writing boot configuration with " + order.size() + " deployments");
    writeBootConfig(order);
    return state().deployments().stream()
        .filter(d -> d.checksum().equals(csum) && d.serial() == spec.serial())
        .findFirst()
        .orElseThrow(() -> new IOException("deployment " + csum + " missing after writing the boot configuration"));
  }

  /** A new deployment checked out, with /etc merged and its origin written, not yet in the boot order. */
  record Prepared(BootSpec spec, int serial, List<EtcChange> etcChanges) {}

  Prepared prepare(DeployRequest req, String csum, SysrootState state, Optional<Deployment> merge) throws IOException {
    int serial = 0;
    while (taken(state, req.stateroot(), csum, serial)) {
      serial++;
    }
    Path dir = layout.deploymentDir(req.stateroot(), csum, serial);
    Durable.deleteTree(dir); // leftover of an interrupted deploy: nothing refers to it
    Files.createDirectories(dir.getParent());
    listener.step("checking out " + csum.substring(0, 12) + " into " + layout.root().relativize(dir));
    // the kernel is hashed from the store while the tree is checked out
    var kernelId = new java.util.concurrent.FutureTask<>(() -> commits.kernel(csum));
    var hasher = new Thread(kernelId, "bootcsum");
    hasher.setDaemon(true);
    hasher.start();
    commits.checkout(csum, dir);
    List<EtcChange> changes = mergeEtc(merge, dir);
    OriginFile origin = req.origin().orElse(OriginFile.forRefspec(req.refOrCommit()));
    Durable.write(layout.originFile(req.stateroot(), csum, serial), origin.render());
    KernelArgs kargs = merge.map(Deployment::kargs).orElse(KernelArgs.EMPTY);
    if (req.procCmdline().isPresent()) {
      kargs = KernelArgs.parse(req.procCmdline().get()).without("ostree").without("BOOT_IMAGE").without("initrd");
    }
    for (String k : req.kargs()) {
      kargs = kargs.replace(k);
    }
    for (String k : req.kargsAppend()) {
      kargs = kargs.append(k);
    }
    KernelFiles kernel = KernelFiles.find(dir, knownKernel(kernelId));
    Optional<BootCounter> counter = req.tries() > 0 ? Optional.of(new BootCounter(req.tries(), 0)) : Optional.empty();
    var spec = new BootSpec(req.stateroot(), csum, serial, kernel, kargs, title(dir, csum), counter);
    return new Prepared(spec, serial, changes);
  }

  /** The store's kernel hash, or empty when it could not tell (then the checked-out files are hashed). */
  private static Optional<CommitSource.KernelId> knownKernel(
      java.util.concurrent.Future<Optional<CommitSource.KernelId>> task) throws IOException {
    try {
      return task.get();
    } catch (java.util.concurrent.ExecutionException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private boolean taken(SysrootState state, String stateroot, String csum, int serial) {
    return state.deployments().stream()
        .anyMatch(d -> d.stateroot().equals(stateroot) && d.checksum().equals(csum) && d.serial() == serial);
  }

  private List<EtcChange> mergeEtc(Optional<Deployment> merge, Path dir) throws IOException {
    Path newDefaults = dir.resolve("usr/etc");
    Path newEtc = dir.resolve("etc");
    Durable.deleteTree(newEtc);
    if (!Files.isDirectory(newDefaults)) {
      Files.createDirectories(newEtc);
      return List.of();
    }
    if (merge.isEmpty()) {
      new EtcMerge().fresh(newDefaults, newEtc);
      return List.of();
    }
    Path old = layout.deploymentDir(merge.get().stateroot(), merge.get().checksum(), merge.get().serial());
    List<EtcChange> changes = new EtcMerge().merge(old.resolve("usr/etc"), old.resolve("etc"), newDefaults, newEtc);
    listener.step("copying /etc changes: " + count(changes, EtcChange.Kind.MODIFIED) + " modified, "
        + count(changes, EtcChange.Kind.REMOVED) + " removed, " + count(changes, EtcChange.Kind.ADDED) + " added");
    return changes;
  }

  private static long count(List<EtcChange> changes, EtcChange.Kind kind) {
    return changes.stream().filter(c -> c.kind() == kind).count();
  }

  private String title(Path dir, String csum) throws IOException {
    String name = "ostree";
    for (String rel : List.of("usr/lib/os-release", "etc/os-release")) {
      Path p = dir.resolve(rel);
      if (Files.isRegularFile(p)) {
        name = OsRelease.prettyName(Files.readString(p)).orElse(name);
        break;
      }
    }
    Optional<String> version = commits.version(csum);
    if (version.isPresent() && !version.get().isEmpty() && !name.contains(version.get())) {
      name = name + " " + version.get();
    }
    return name;
  }

  /** The deployments kept beside a new one: booted, merge source, pinned, other OSes; all with retain. */
  private static List<Deployment> retained(SysrootState state, Optional<Deployment> merge, boolean retain,
      String stateroot) {
    return state.deployments().stream()
        .filter(d -> retain
            || !d.stateroot().equals(stateroot)
            || d.pinned()
            || state.booted().map(b -> b.sameDeployment(d)).orElse(false)
            || merge.map(m -> m.sameDeployment(d)).orElse(false))
        .toList();
  }

  BootSpec spec(Deployment d) throws IOException {
    Path dir = layout.deploymentDir(d.stateroot(), d.checksum(), d.serial());
    return new BootSpec(d.stateroot(), d.checksum(), d.serial(), KernelFiles.find(dir, d.bootcsum()), d.kargs(),
        d.title(), BootCounter.split(d.entryFile()).counter());
  }

  /** Writes the boot configuration, then removes what it no longer refers to. */
  void writeBootConfig(List<BootSpec> order) throws IOException {
    var writer = new BootConfigWriter(layout);
    var written = writer.write(order);
    if (esp.isPresent()) {
      esp.get().sync(written, layout.boot());
    }
    writer.removeOld();
    removeUnreferenced(order);
    writer.pruneKernels(order);
  }

  /** {@code admin cleanup}: removes deployment directories and kernels nothing refers to. */
  public void cleanup() throws IOException {
    SysrootState state = state();
    var order = new ArrayList<BootSpec>();
    for (Deployment d : state.deployments()) {
      order.add(spec(d));
    }
    removeUnreferenced(order);
    new BootConfigWriter(layout).pruneKernels(order);
    if (esp.isPresent()) {
      new dev.caisson.deploy.esp.EspResync(layout).sync(esp.get());
    }
  }

  private void removeUnreferenced(List<BootSpec> order) throws IOException {
    Set<String> live = order.stream().map(s -> s.stateroot() + "/" + s.checksum() + "." + s.serial())
        .collect(Collectors.toSet());
    Path deployRoot = layout.root().resolve("ostree/deploy");
    if (!Files.isDirectory(deployRoot)) {
      return;
    }
    try (DirectoryStream<Path> roots = Files.newDirectoryStream(deployRoot)) {
      for (Path os : roots) {
        Path deploys = os.resolve("deploy");
        if (!Files.isDirectory(deploys)) {
          continue;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(deploys)) {
          for (Path p : s) {
            String name = p.getFileName().toString();
            String base = name.endsWith(".origin") ? name.substring(0, name.length() - 7) : name;
            if (DEPLOY_DIR.matcher(base).matches() && !live.contains(os.getFileName() + "/" + base)
                && !isStaged(os.getFileName().toString(), base)) {
              listener.step("removing unreferenced " + os.getFileName() + "/" + name);
              Durable.deleteTree(p);
            }
          }
        }
      }
    }
  }

  /** A staged deployment is referenced although no entry names it yet. */
  private boolean isStaged(String stateroot, String name) throws IOException {
    Optional<StagedDeployment> s = staged();
    return s.isPresent() && s.get().stateroot().equals(stateroot) && s.get().name().equals(name);
  }

  /**
   * {@code admin finalize-staged}, the shutdown half of a staged deploy: merges /etc as it is now
   * into the staged deployment and makes it the default. On failure the old boot configuration is
   * untouched, and the failure is recorded for {@code status} to show.
   */
  public Optional<Deployment> finalizeStaged() throws IOException {
    Optional<StagedDeployment> staged = staged();
    if (staged.isEmpty()) {
      return Optional.empty();
    }
    StagedDeployment s = staged.get();
    if (finalizationLocked()) {
      listener.step("not finalizing " + s.name() + "; found " + runDir.resolve(StagedDeployment.LOCK));
      return Optional.empty();
    }
    try {
      SysrootState state = state();
      Optional<Deployment> already = state.deployments().stream()
          .filter(d -> d.stateroot().equals(s.stateroot()) && d.name().equals(s.name())).findFirst();
      if (already.isPresent()) {
        // finalized before an interruption removed the record
        StagedDeployment.clear(runDir);
        return already;
      }
      Optional<Deployment> merge = state.mergeDeployment(s.stateroot());
      Path dir = layout.deploymentDir(s.stateroot(), s.checksum(), s.serial());
      if (!Files.isDirectory(dir)) {
        throw new IOException("staged deployment " + s.name() + " is missing from " + dir.getParent());
      }
      mergeEtc(merge, dir);
      var spec = new BootSpec(s.stateroot(), s.checksum(), s.serial(), KernelFiles.find(dir), s.kargs(), s.title(),
          s.counter());
      Deployment d = install(spec, state, merge, false, false);
      StagedDeployment.clear(runDir);
      FinalizeRecord.clear(layout);
      return Optional.of(d);
    } catch (IOException | RuntimeException e) {
      FinalizeRecord.write(layout, s.name(), e);
      throw new IOException("finalizing staged deployment " + s.name() + " failed; the previous deployment stays the "
          + "default: " + e.getMessage(), e);
    }
  }

  /**
   * Forgets the staged deployment and deletes its checkout ({@code ostree admin undeploy} of a staged one), so
   * that shutdown finalizes nothing. Returns whether there was one.
   */
  public boolean discardStaged() throws IOException {
    Optional<StagedDeployment> staged = staged();
    if (staged.isEmpty()) {
      return false;
    }
    drop(state(), staged.get());
    listener.step("dropped the staged deployment " + staged.get().name());
    return true;
  }

  private void drop(SysrootState state, StagedDeployment p) throws IOException {
    StagedDeployment.clear(runDir);
    StagedDeployment.unlock(runDir);
    // A finalize that was interrupted after its boot-config swap left the record behind: the
    // deployment is live then, and must stay.
    if (!taken(state, p.stateroot(), p.checksum(), p.serial())) {
      Durable.deleteTree(layout.deploymentDir(p.stateroot(), p.checksum(), p.serial()));
    }
  }

  /** A staged deployment waits for {@link #unlockFinalization}: shutdown leaves it alone (and /run loses it). */
  public boolean finalizationLocked() throws IOException {
    return StagedDeployment.locked(runDir) && staged().isPresent();
  }

  /** Lets the next shutdown finalize the staged deployment ({@code ostree admin lock-finalization --unlock}). */
  public void unlockFinalization() throws IOException {
    StagedDeployment.unlock(runDir);
  }

  /** The last finalize failure, if it has not been cleared by a successful deploy since. */
  public Optional<String> finalizeFailure() throws IOException {
    return FinalizeRecord.read(layout);
  }
}
