package dev.caisson.cli.repo;

import dev.caisson.cli.CommandTree;
import dev.caisson.cli.Model;
import dev.caisson.cli.UserException;
import dev.caisson.store.Repo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;

/**
 * {@code caisson repo VERB --repo=PATH}: OSTree-compatible repositories. Declared in code, as are
 * commit and checkout, whose whole-process times are benchmarked against ostree's.
 */
public final class RepoCommand implements CommandTree.Group, CommandTree.Declared {
  /** The verbs, one per line, in the order help lists them. */
  private static final List<Class<?>> VERBS = List.of(
      RepoInit.class,
      RepoCommit.class,
      RepoCheckout.class,
      RepoRefs.class,
      RepoRevParse.class,
      RepoLog.class,
      RepoShow.class,
      RepoLs.class,
      RepoCat.class,
      RepoFsck.class,
      RepoRemote.class,
      RepoPull.class,
      RepoPullLocal.class,
      RepoServe.class,
      RepoSign.class,
      RepoSummary.class,
      RepoPrune.class,
      RepoDiff.class,
      RepoStaticDelta.class);

  @Override
  public List<Class<?>> verbs() {
    return VERBS;
  }

  Path repo;

  @Override
  public CommandSpec spec() {
    CommandSpec spec = Model.command(this, "repo",
        "Manage OSTree-compatible repositories (init, commit, checkout, refs, log, show, ls, cat, fsck).");
    spec.addOption(Model.option("--repo", Path.class, v -> repo = v).paramLabel("PATH").required(true)
        .scopeType(ScopeType.INHERIT).description("The repository.").build());
    return spec;
  }

  /** The {@code repo} command above a verb declared in code ({@link CommandTree.Declared}). */
  static RepoCommand of(CommandSpec verb) {
    return (RepoCommand) verb.parent().userObject();
  }

  Repo open() throws IOException {
    try {
      return Repo.open(repo);
    } catch (dev.caisson.store.StoreException e) {
      throw new UserException(e.getMessage());
    }
  }
}
