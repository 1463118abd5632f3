package dev.caisson.cli.admin;

import dev.caisson.cli.CommandTree;
import dev.caisson.cli.UserException;
import dev.caisson.deploy.DeployListener;
import dev.caisson.deploy.EspDirectory;
import dev.caisson.deploy.KernelArgs;
import dev.caisson.deploy.RepoCommits;
import dev.caisson.deploy.Sysroot;
import dev.caisson.deploy.SysrootLayout;
import dev.caisson.store.Repo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import dev.caisson.cli.Model;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;

/** {@code caisson admin VERB --sysroot=DIR}: the composition root of the deployment verbs. */
public final class AdminCommand implements CommandTree.Group, CommandTree.Declared {
  /** The verbs, one per line, in the order help lists them. */
  private static final List<Class<?>> VERBS = List.of(
      AdminInitFs.class,
      AdminOsInit.class,
      AdminDeploy.class,
      AdminStatus.class,
      AdminRollback.class,
      AdminUndeploy.class,
      AdminPin.class,
      AdminCleanup.class,
      AdminSetOrigin.class,
      AdminKargs.class,
      AdminFinalizeStaged.class,
      AdminBootOk.class,
      AdminHealthCheck.class);

  @Override
  public List<Class<?>> verbs() {
    return VERBS;
  }

  Path sysroot;
  Path cmdline;
  Path runDir;
  Path esp;

  /** The options every admin verb inherits. */
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Model.command(this, "admin", "Manage deployments in a sysroot (OSTree-compatible layout).");
    spec.addOption(Model.option("--sysroot", Path.class, v -> sysroot = v).paramLabel("DIR").defaultValue("/")
        .scopeType(ScopeType.INHERIT).description("The physical root (default /).").build());
    spec.addOption(Model.option("--cmdline", Path.class, v -> cmdline = v).paramLabel("FILE")
        .scopeType(ScopeType.INHERIT).description("The kernel command line that tells which deployment is booted "
            + "(default /proc/cmdline when --sysroot is /).").build());
    spec.addOption(Model.option("--run-dir", Path.class, v -> runDir = v).paramLabel("DIR")
        .defaultValue("/run/caisson").scopeType(ScopeType.INHERIT)
        .description("Where a staged deployment waits for shutdown.").build());
    spec.addOption(Model.option("--esp", Path.class, v -> esp = v).paramLabel("DIR").scopeType(ScopeType.INHERIT)
        .description("An EFI system partition (mounted, or a directory) to keep in step.").build());
    return spec;
  }

  SysrootLayout layout() {
    return new SysrootLayout(sysroot);
  }

  Optional<String> bootedArg() throws IOException {
    Path file = cmdline != null ? cmdline : sysroot.toAbsolutePath().normalize().toString().equals("/")
        ? Path.of("/proc/cmdline") : null;
    if (file == null || !Files.isReadable(file)) {
      return Optional.empty();
    }
    return Optional.ofNullable(KernelArgs.parse(Files.readString(file)).value("ostree"));
  }

  Repo repo() throws IOException {
    try {
      return Repo.open(layout().repo());
    } catch (dev.caisson.store.StoreException e) {
      throw new UserException(sysroot + " is not a sysroot (no ostree/repo); run: caisson admin init-fs " + sysroot);
    }
  }

  Sysroot open(PrintWriter err) throws IOException {
    DeployListener listener = message -> {
      err.println(message);
      err.flush();
    };
    Sysroot s = new Sysroot(layout(), new RepoCommits(repo()), bootedArg(), listener, runDir);
    return esp == null ? s : s.withEsp(new EspDirectory(esp));
  }
}
