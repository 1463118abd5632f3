package dev.caisson.cli.repo;

import dev.caisson.cli.DebugOption;
import dev.caisson.store.Fsck;
import dev.caisson.store.StoreListener;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "fsck", description = "Check every object reachable from the refs.", mixinStandardHelpOptions = true)
final class RepoFsck implements Callable<Integer> {
  @Mixin DebugOption debug;
  @ParentCommand RepoCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Fsck.Result r = new Fsck(parent.open(), StoreListener.SILENT).run();
    var out = spec.commandLine().getOut();
    r.problems().forEach(p -> spec.commandLine().getErr().println("error: " + p));
    out.println("checked " + r.checked() + " objects: " + (r.ok() ? "no errors found" : r.problems().size() + " errors"));
    out.flush();
    spec.commandLine().getErr().flush();
    return r.ok() ? 0 : 1;
  }
}
