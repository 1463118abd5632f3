package dev.caisson.cli.repo;

import dev.caisson.cli.CommandTree;
import dev.caisson.cli.DebugOption;
import dev.caisson.cli.Model;
import dev.caisson.store.Checkout;
import dev.caisson.store.Repo;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code caisson repo checkout}: declared in code, since its whole-process time is benchmarked. */
final class RepoCheckout implements Callable<Integer>, CommandTree.Declared {
  DebugOption debug;
  CommandSpec spec;

  boolean userMode;
  boolean forceCopy;
  String subpath;
  boolean union;
  boolean unionAdd;
  boolean requireHardlinks;
  String commit;
  Path dest;

  @Override
  public CommandSpec spec() {
    debug = new DebugOption();
    spec = Model.command(this, "checkout", "Check a commit out into a directory.");
    spec.addOption(debug.declared());
    spec.addOption(Model.flag(v -> userMode = v, "-U", "--user-mode").build());
    spec.addOption(Model.flag(v -> forceCopy = v, "-C", "--force-copy").build());
    spec.addOption(Model.option("--subpath", String.class, v -> subpath = v).paramLabel("PATH").build());
    spec.addOption(Model.flag("--union", v -> union = v).build());
    spec.addOption(Model.flag("--union-add", v -> unionAdd = v).build());
    spec.addOption(Model.flag(v -> requireHardlinks = v, "-H", "--require-hardlinks").build());
    spec.addPositional(Model.positional("COMMIT", String.class, v -> commit = v).index("0").build());
    spec.addPositional(Model.positional("DESTINATION", Path.class, v -> dest = v).index("1").build());
    return spec;
  }

  @Override
  public Integer call() throws Exception {
    Repo repo = RepoCommand.of(spec).open();
    var o = new Checkout.Options(userMode, forceCopy, Optional.ofNullable(subpath), union, unionAdd, requireHardlinks);
    new Checkout(repo, o).run(repo.resolve(commit), dest);
    return 0;
  }
}
