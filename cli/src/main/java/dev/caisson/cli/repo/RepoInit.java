package dev.caisson.cli.repo;

import dev.caisson.cli.DebugOption;
import dev.caisson.store.Repo;
import dev.caisson.store.RepoMode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(addMethodSubcommands = false,
    name = "init", description = "Create a repository.", mixinStandardHelpOptions = true)
final class RepoInit implements Callable<Integer> {
  @Mixin DebugOption debug;
  @ParentCommand RepoCommand parent;

  @Option(names = "--mode", defaultValue = "bare", description = "bare, bare-user, bare-user-only or archive.")
  String mode;

  @Override
  public Integer call() throws Exception {
    Repo.init(parent.repo, RepoMode.parse(mode));
    return 0;
  }
}
