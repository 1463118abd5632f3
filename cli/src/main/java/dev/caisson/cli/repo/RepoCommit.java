package dev.caisson.cli.repo;

import dev.caisson.cli.CommandTree;
import dev.caisson.cli.DebugOption;
import dev.caisson.cli.Model;
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
import picocli.CommandLine.Model.CommandSpec;

/** {@code caisson repo commit}: declared in code, since its whole-process time is benchmarked. */
final class RepoCommit implements Callable<Integer>, CommandTree.Declared {
  DebugOption debug;
  CommandSpec spec;

  String branch;
  String subject = "";
  String body = "";
  String tree;
  boolean linkCheckoutSpeedup;
  boolean tarAutocreateParents;
  String parentCommit;
  String timestamp;
  final List<String> strings = new ArrayList<>();
  final List<String> variants = new ArrayList<>();
  Integer ownerUid;
  Integer ownerGid;
  boolean noBindings;
  boolean canonical;
  boolean bootable;
  boolean generateSizes;
  boolean fsync = true;

  @Override
  public CommandSpec spec() {
    debug = new DebugOption();
    spec = Model.command(this, "commit", "Commit a directory tree.");
    spec.addOption(debug.declared());
    spec.addOption(Model.option(String.class, v -> branch = v, "-b", "--branch").paramLabel("BRANCH")
        .description("Branch (ref) to update.").build());
    spec.addOption(Model.option(String.class, v -> subject = v, "-s", "--subject").paramLabel("SUBJECT").build());
    spec.addOption(Model.option("--body", String.class, v -> body = v).paramLabel("BODY").build());
    spec.addOption(Model.option("--tree", String.class, v -> tree = v).paramLabel("TREE").required(true)
        .description("dir=PATH, tar=FILE (tar or tar.gz) or ref=REF").build());
    spec.addOption(Model.flag("--link-checkout-speedup", v -> linkCheckoutSpeedup = v)
        .description("Files hard-linked from a checkout of this repository take their object's checksum unread.")
        .build());
    spec.addOption(Model.flag("--tar-autocreate-parents", v -> tarAutocreateParents = v)
        .description("With --tree=tar=: create directories the archive lacks (0755, owned as the entry).").build());
    spec.addOption(Model.option("--parent", String.class, v -> parentCommit = v).paramLabel("COMMIT")
        .description("Parent commit (default: the branch's current commit).").build());
    spec.addOption(Model.option("--timestamp", String.class, v -> timestamp = v).paramLabel("TIME")
        .description("ISO 8601 time instead of now.").build());
    spec.addOption(Model.repeatable("--add-metadata-string", strings).paramLabel("KEY=VALUE").build());
    spec.addOption(Model.repeatable("--add-metadata", variants).paramLabel("KEY=GVARIANT")
        .description("true, false, 'text', uint64 N, ['a', 'b']").build());
    spec.addOption(Model.option("--owner-uid", Integer.class, v -> ownerUid = v).paramLabel("UID").build());
    spec.addOption(Model.option("--owner-gid", Integer.class, v -> ownerGid = v).paramLabel("GID").build());
    spec.addOption(Model.flag("--no-bindings", v -> noBindings = v).build());
    spec.addOption(Model.flag("--canonical-permissions", v -> canonical = v).build());
    spec.addOption(Model.flag("--bootable", v -> bootable = v)
        .description("Mark the commit bootable: ostree.bootable and ostree.linux (kernel version).").build());
    spec.addOption(Model.flag("--generate-sizes", v -> generateSizes = v)
        .description("Record every object's archived and unpacked size (archive repos).").build());
    spec.addOption(Model.option("--fsync", Boolean.class, v -> fsync = v).paramLabel("BOOLEAN").build());
    return spec;
  }

  @Override
  public Integer call() throws Exception {
    if (!tree.startsWith("dir=") && !tree.startsWith("ref=") && !tree.startsWith("tar=")) {
      throw new UserException("--tree=" + tree + ": write --tree=dir=PATH, --tree=tar=FILE or --tree=ref=REF");
    }
    Repo repo = RepoCommand.of(spec).open().withFsync(fsync);
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
