package dev.caisson.cli.repo;

import dev.caisson.cli.DebugOption;
import dev.caisson.store.Repo;
import dev.caisson.store.transport.Puller;
import dev.caisson.store.transport.Remotes;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(addMethodSubcommands = false,
    name = "pull", description = "Fetch a ref (and everything it needs) from a remote.", mixinStandardHelpOptions = true)
final class RepoPull implements Callable<Integer> {
  @Mixin DebugOption debug;
  @ParentCommand RepoCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REMOTE") String remote;
  @Parameters(index = "1", paramLabel = "REF") String ref;

  @picocli.CommandLine.Option(names = "--depth", defaultValue = "0", paramLabel = "N",
      description = "Also fetch N parents of the commit (-1: the whole history the remote has).")
  int depth;

  @picocli.CommandLine.Option(names = "--mirror", description = "Store the ref as a local branch (REF), not REMOTE:REF.")
  boolean mirror;

  @Override
  public Integer call() throws Exception {
    Repo repo = parent.open();
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
