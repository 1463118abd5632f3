package dev.caisson.cli.repo;

import dev.caisson.cli.DebugOption;
import dev.caisson.store.Fsck;
import dev.caisson.store.StoreListener;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(addMethodSubcommands = false,
    name = "fsck", description = "Check every object reachable from the refs.", mixinStandardHelpOptions = true)
final class RepoFsck implements Callable<Integer> {
  @Mixin DebugOption debug;
  @ParentCommand RepoCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Option(names = "--repair",
      description = "Fetch missing or corrupted objects again from the remote their commit came from.")
  boolean repair;

  @picocli.CommandLine.Option(names = "--remote", paramLabel = "NAME",
      description = "With --repair: the remote to fetch from (default: the one whose ref holds the commit, or the only one).")
  String remote;

  @Override
  public Integer call() throws Exception {
    var repo = parent.open();
    Fsck.Result r = new Fsck(repo, new ProgressBar(spec.commandLine().getErr())).run();
    var out = spec.commandLine().getOut();
    if (repair && !r.ok()) {
      r.problems().forEach(p -> spec.commandLine().getErr().println("repairing: " + p));
      int before = r.bad().size();
      r = new dev.caisson.store.transport.Repairer(repo, StoreListener.SILENT).repair(r,
          java.util.Optional.ofNullable(remote));
      out.println("fetched " + before + " objects again" + (r.ok() ? "" : "; still broken:"));
    }
    r.problems().forEach(p -> spec.commandLine().getErr().println("error: " + p));
    out.println("checked " + r.checked() + " objects: " + (r.ok() ? "no errors found" : r.problems().size() + " errors"));
    out.flush();
    spec.commandLine().getErr().flush();
    return r.ok() ? 0 : 1;
  }
}
