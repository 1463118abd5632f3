package dev.caisson.cli.repo;

import dev.caisson.cli.DebugOption;
import dev.caisson.cli.UserException;
import dev.caisson.store.CommitWriter;
import dev.caisson.store.ObjectId;
import dev.caisson.store.Repo;
import dev.caisson.store.gvariant.GVariant;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(addMethodSubcommands = false,
    name = "commit", description = "Commit a directory tree.", mixinStandardHelpOptions = true)
final class RepoCommit implements Callable<Integer> {
  @Mixin DebugOption debug;
  @ParentCommand RepoCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = {"-b", "--branch"}, description = "Branch (ref) to update.") String branch;
  @Option(names = {"-s", "--subject"}, defaultValue = "") String subject;
  @Option(names = "--body", defaultValue = "") String body;
  @Option(names = "--tree", required = true, description = "dir=PATH, tar=FILE (tar or tar.gz) or ref=REF") String tree;
  @Option(names = "--link-checkout-speedup",
      description = "Files hard-linked from a checkout of this repository take their object's checksum unread.")
  boolean linkCheckoutSpeedup;
  @Option(names = "--tar-autocreate-parents",
      description = "With --tree=tar=: create directories the archive lacks (0755, owned as the entry).")
  boolean tarAutocreateParents;
  @Option(names = "--parent", description = "Parent commit (default: the branch's current commit).") String parentCommit;
  @Option(names = "--timestamp", description = "ISO 8601 time instead of now.") String timestamp;
  @Option(names = "--add-metadata-string", paramLabel = "KEY=VALUE") List<String> strings = new ArrayList<>();
  @Option(names = "--add-metadata", paramLabel = "KEY=GVARIANT", description = "true, false, 'text', uint64 N, ['a', 'b']")
  List<String> variants = new ArrayList<>();
  @Option(names = "--owner-uid") Integer ownerUid;
  @Option(names = "--owner-gid") Integer ownerGid;
  @Option(names = "--no-bindings") boolean noBindings;
  @Option(names = "--canonical-permissions") boolean canonical;
  @Option(names = "--bootable", description = "Mark the commit bootable: ostree.bootable and ostree.linux (kernel version).")
  boolean bootable;
  @Option(names = "--generate-sizes", description = "Record every object's archived and unpacked size (archive repos).")
  boolean generateSizes;
  @Option(names = "--fsync", arity = "1", defaultValue = "true") boolean fsync;

  @Override
  public Integer call() throws Exception {
    if (!tree.startsWith("dir=") && !tree.startsWith("ref=") && !tree.startsWith("tar=")) {
      throw new UserException("--tree=" + tree + ": write --tree=dir=PATH, --tree=tar=FILE or --tree=ref=REF");
    }
    Repo repo = parent.open().withFsync(fsync);
    var meta = new ArrayList<Map.Entry<String, GVariant.Variant>>();
    for (String s : strings) {
      String[] kv = keyValue(s, "--add-metadata-string");
      meta.add(Map.entry(kv[0], GVariant.Variant.of("s", kv[1])));
    }
    for (String s : variants) {
      String[] kv = keyValue(s, "--add-metadata");
      meta.add(Map.entry(kv[0], VariantText.parse(kv[1])));
    }
    Optional<Long> ts = Optional.empty();
    if (timestamp != null) {
      try {
        ts = Optional.of(OffsetDateTime.parse(timestamp).toEpochSecond());
      } catch (DateTimeParseException e) {
        throw new UserException("--timestamp=" + timestamp + ": write it as 2024-01-31T12:00:00Z");
      }
    }
    var o = new CommitWriter.Options(Optional.ofNullable(branch), subject, body,
        parentCommit == null ? Optional.empty() : Optional.of(repo.resolve(parentCommit)), ts, meta, !noBindings,
        Optional.ofNullable(ownerUid), Optional.ofNullable(ownerGid), canonical).withBootable(bootable)
        .withGenerateSizes(generateSizes);
    var writer = new CommitWriter(repo, new ProgressBar(spec.commandLine().getErr())).withLinkCheckoutSpeedup(
        linkCheckoutSpeedup);
    ObjectId id = tree.startsWith("ref=") ? writer.commitTreeOf(repo.resolve(tree.substring(4)), o)
        : tree.startsWith("tar=") ? writer.commitTar(Path.of(tree.substring(4)), o, tarAutocreateParents)
        : writer.commit(Path.of(tree.substring(4)), o);
    spec.commandLine().getOut().println(id.name());
    return 0;
  }

  private static String[] keyValue(String s, String option) {
    int eq = s.indexOf('=');
    if (eq <= 0) {
      throw new UserException(option + "=" + s + ": write KEY=VALUE");
    }
    return new String[] {s.substring(0, eq), s.substring(eq + 1)};
  }
}
