package dev.caisson.cli.repo;

import dev.caisson.cli.CommandTree;
import dev.caisson.cli.UserException;
import dev.caisson.store.Repo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code caisson repo VERB --repo=PATH}: OSTree-compatible repositories. */
@Command(addMethodSubcommands = false,
    name = "repo",
    description = "Manage OSTree-compatible repositories (init, commit, checkout, refs, log, show, ls, cat, fsck).",
    mixinStandardHelpOptions = true)
public final class RepoCommand implements CommandTree.Group {
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

  @Option(names = "--repo", paramLabel = "PATH", scope = ScopeType.INHERIT, required = true,
      description = "The repository.")
  Path repo;

  Repo open() throws IOException {
    try {
      return Repo.open(repo);
    } catch (dev.caisson.store.StoreException e) {
      throw new UserException(e.getMessage());
    }
  }
}
