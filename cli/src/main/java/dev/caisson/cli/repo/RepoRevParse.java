package dev.caisson.cli.repo;

import dev.caisson.cli.DebugOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(addMethodSubcommands = false,
    name = "rev-parse", description = "Print the commit a ref names.", mixinStandardHelpOptions = true)
final class RepoRevParse implements Callable<Integer> {
  @Mixin DebugOption debug;
  @ParentCommand RepoCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Parameters(paramLabel = "REF") String ref;

  @Override
  public Integer call() throws Exception {
    spec.commandLine().getOut().println(parent.open().resolve(ref).name());
    return 0;
  }
}
