package dev.caisson.cli.repo;

import dev.caisson.cli.DebugOption;
import dev.caisson.store.Checkout;
import dev.caisson.store.Repo;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(addMethodSubcommands = false,
    name = "checkout", description = "Check a commit out into a directory.", mixinStandardHelpOptions = true)
final class RepoCheckout implements Callable<Integer> {
  @Mixin DebugOption debug;
  @ParentCommand RepoCommand parent;

  @Option(names = {"-U", "--user-mode"}) boolean userMode;
  @Option(names = {"-C", "--force-copy"}) boolean forceCopy;
  @Option(names = "--subpath") String subpath;
  @Option(names = "--union") boolean union;
  @Option(names = "--union-add") boolean unionAdd;
  @Option(names = {"-H", "--require-hardlinks"}) boolean requireHardlinks;
  @Parameters(index = "0", paramLabel = "COMMIT") String commit;
  @Parameters(index = "1", paramLabel = "DESTINATION") Path dest;

  @Override
  public Integer call() throws Exception {
    Repo repo = parent.open();
    var o = new Checkout.Options(userMode, forceCopy, Optional.ofNullable(subpath), union, unionAdd, requireHardlinks);
    new Checkout(repo, o).run(repo.resolve(commit), dest);
    return 0;
  }
}
