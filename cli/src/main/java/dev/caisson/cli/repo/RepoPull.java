package dev.caisson.cli.repo;

import dev.caisson.cli.CommandTree;
import dev.caisson.cli.DebugOption;
import dev.caisson.cli.Model;
import dev.caisson.store.Repo;
import dev.caisson.store.transport.Puller;
import dev.caisson.store.transport.Remotes;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code caisson repo pull}: declared in code, since its whole-process time is benchmarked. */
final class RepoPull implements Callable<Integer>, CommandTree.Declared {
  DebugOption debug;
  CommandSpec spec;

  String remote;
  String ref;
  int depth;
  boolean mirror;

  @Override
  public CommandSpec spec() {
    debug = new DebugOption();
    spec = Model.command(this, "pull", "Fetch a ref (and everything it needs) from a remote.");
    spec.addOption(debug.declared());
    spec.addOption(Model.option("--depth", Integer.class, v -> depth = v).paramLabel("N")
        .description("Also fetch N parents of the commit (-1: the whole history the remote has).").build());
    spec.addOption(Model.flag("--mirror", v -> mirror = v)
        .description("Store the ref as a local branch (REF), not REMOTE:REF.").build());
    spec.addPositional(Model.positional("REMOTE", String.class, v -> remote = v).index("0").build());
    spec.addPositional(Model.positional("REF", String.class, v -> ref = v).index("1").build());
    return spec;
  }

  @Override
  public Integer call() throws Exception {
    Repo repo = RepoCommand.of(spec).open();
    var err = spec.commandLine().getErr();
    var remotes = new Remotes(repo);
    var config = remotes.list().getOrDefault(remote, java.util.Map.of());
    var bar = new ProgressBar(err);
    var puller = new Puller(repo, URI.create(remotes.url(remote)), bar, Puller.Verification.of(repo, remote, config));
    var commit = puller.pull(ref, Optional.of(mirror ? ref : remote + ":" + ref));
    var at = commit;
    for (int level = 0; depth < 0 || level < depth; level++) {
      var parentCommit = dev.caisson.store.Commit.read(repo, at).parent();
      if (parentCommit.isEmpty() || !puller.has(parentCommit.get())) {
        break; // the start of history, or as far as the remote keeps it
      }
      at = puller.pull(parentCommit.get().name(), Optional.empty());
    }
    bar.finish();
    spec.commandLine().getOut().println(commit.name());
    return 0;
  }
}
