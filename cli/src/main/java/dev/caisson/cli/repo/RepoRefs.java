package dev.caisson.cli.repo;

import dev.caisson.cli.DebugOption;
import dev.caisson.store.Repo;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(addMethodSubcommands = false,
    name = "refs", description = "List refs, or delete one.", mixinStandardHelpOptions = true)
final class RepoRefs implements Callable<Integer> {
  @Mixin DebugOption debug;
  @ParentCommand RepoCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--delete", paramLabel = "REF") String delete;

  @Override
  public Integer call() throws Exception {
    Repo repo = parent.open();
    if (delete != null) {
      repo.setRef(delete, Optional.empty());
      return 0;
    }
    repo.refs().keySet().forEach(spec.commandLine().getOut()::println);
    return 0;
  }
}
