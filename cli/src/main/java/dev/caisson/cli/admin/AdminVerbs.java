package dev.caisson.cli.admin;

import dev.caisson.cli.DebugOption;
import dev.caisson.deploy.Sysroot;
import dev.caisson.deploy.SysrootEdits;
import dev.caisson.store.Repo;
import dev.caisson.store.RepoMode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The small admin verbs, each a thin call into the deploy library. */
final class AdminVerbs {
  private AdminVerbs() {}

  /** Shared plumbing: the parent command, output streams, the debug flag. */
  abstract static class Verb implements Callable<Integer> {
    @Mixin DebugOption debug;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    AdminCommand admin() {
      return (AdminCommand) spec.parent().userObject();
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }

    Sysroot sysroot() throws Exception {
      return admin().open(err());
    }
  }
}

@Command(addMethodSubcommands = false,
    name = "init-fs", description = "Create a sysroot's top-level layout and repository.", mixinStandardHelpOptions = true)
final class AdminInitFs extends AdminVerbs.Verb {
  @Parameters(arity = "0..1", paramLabel = "DIR", description = "The sysroot (default: --sysroot).") Path dir;

  @Override
  public Integer call() throws Exception {
    if (dir != null) {
      admin().sysroot = dir;
    }
    var layout = admin().layout();
    Repo.init(layout.repo(), RepoMode.BARE);
    new Sysroot(layout, null, java.util.Optional.empty(), m -> { }, admin().runDir).initFs();
    return 0;
  }
}

@Command(addMethodSubcommands = false,
    name = "os-init", description = "Create a stateroot (an OS name with its own /var).", mixinStandardHelpOptions = true)
final class AdminOsInit extends AdminVerbs.Verb {
  @Parameters(paramLabel = "STATEROOT") String stateroot;

  @Override
  public Integer call() throws Exception {
    sysroot().osInit(stateroot);
    out().println(admin().layout().stateroot(stateroot) + " initialized as a stateroot");
    return 0;
  }
}

@Command(addMethodSubcommands = false,
    name = "rollback", description = "Make the rollback deployment the default.", mixinStandardHelpOptions = true)
final class AdminRollback extends AdminVerbs.Verb {
  @Override
  public Integer call() throws Exception {
    var d = new SysrootEdits(sysroot()).rollback();
    out().println("Moved deployment " + d.name() + " to be the default");
    return 0;
  }
}

@Command(addMethodSubcommands = false,
    name = "undeploy", description = "Remove a deployment by index.", mixinStandardHelpOptions = true)
final class AdminUndeploy extends AdminVerbs.Verb {
  @Parameters(paramLabel = "INDEX") int index;

  @Override
  public Integer call() throws Exception {
    out().println("Deleted deployment " + new SysrootEdits(sysroot()).undeploy(index).name());
    return 0;
  }
}

@Command(addMethodSubcommands = false,
    name = "pin", description = "Keep a deployment from being cleaned up.", mixinStandardHelpOptions = true)
final class AdminPin extends AdminVerbs.Verb {
  @Option(names = {"-u", "--unpin"}) boolean unpin;
  @Parameters(paramLabel = "INDEX") int index;

  @Override
  public Integer call() throws Exception {
    var d = new SysrootEdits(sysroot()).pin(index, !unpin);
    out().println("Deployment " + d.name() + " is " + (unpin ? "unpinned" : "pinned"));
    return 0;
  }
}

@Command(addMethodSubcommands = false,
    name = "cleanup", description = "Remove deployments and kernels nothing refers to.", mixinStandardHelpOptions = true)
final class AdminCleanup extends AdminVerbs.Verb {
  @Option(names = "--boot-only", description = "Accepted for ostree compatibility; cleanup is cheap either way.")
  boolean bootOnly;

  @Override
  public Integer call() throws Exception {
    sysroot().cleanup();
    return 0;
  }
}

@Command(addMethodSubcommands = false,
    name = "set-origin", description = "Make a deployment follow another refspec.", mixinStandardHelpOptions = true)
final class AdminSetOrigin extends AdminVerbs.Verb {
  @Option(names = "--index", defaultValue = "0") int index;
  @Parameters(paramLabel = "REFSPEC") String refspec;

  @Override
  public Integer call() throws Exception {
    new SysrootEdits(sysroot()).setOrigin(index, refspec);
    return 0;
  }
}

@Command(addMethodSubcommands = false,
    name = "finalize-staged", description = "At shutdown: make the staged deployment the default.",
    mixinStandardHelpOptions = true)
final class AdminFinalizeStaged extends AdminVerbs.Verb {
  @Override
  public Integer call() throws Exception {
    var sysroot = sysroot();
    if (sysroot.finalizationLocked()) {
      out().println("Not finalizing: the staged deployment's finalization is locked (staged-deployment-locked)");
      return 0;
    }
    var d = sysroot.finalizeStaged();
    out().println(d.map(x -> "Finalized " + x.name()).orElse("No staged deployment"));
    return 0;
  }
}

@Command(addMethodSubcommands = false,
    name = "boot-ok", description = "Mark the booted deployment good (strip its boot counter).",
    mixinStandardHelpOptions = true)
final class AdminBootOk extends AdminVerbs.Verb {
  @Override
  public Integer call() throws Exception {
    var d = new dev.caisson.deploy.BootHealth(sysroot(), java.time.Clock.systemUTC()).bootOk();
    out().println("Marked " + d.name() + " good");
    return 0;
  }
}
