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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code caisson admin VERB --sysroot=DIR}: the composition root of the deployment verbs. */
@Command(addMethodSubcommands = false,
    name = "admin",
    description = "Manage deployments in a sysroot (OSTree-compatible layout).",
    mixinStandardHelpOptions = true)
public final class AdminCommand implements CommandTree.Group {
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

  @Option(names = "--sysroot", paramLabel = "DIR", defaultValue = "/", scope = ScopeType.INHERIT,
      description = "The physical root (default /).")
  Path sysroot;

  @Option(names = "--cmdline", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "The kernel command line that tells which deployment is booted (default /proc/cmdline when "
          + "--sysroot is /).")
  Path cmdline;

  @Option(names = "--run-dir", paramLabel = "DIR", defaultValue = "/run/caisson", scope = ScopeType.INHERIT,
      description = "Where a staged deployment waits for shutdown.")
  Path runDir;

  @Option(names = "--esp", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "An EFI system partition (mounted, or a directory) to keep in step.")
  Path esp;

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
