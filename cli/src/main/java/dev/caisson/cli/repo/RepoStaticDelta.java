package dev.caisson.cli.repo;

import dev.caisson.cli.DebugOption;
import dev.caisson.cli.UserException;
import dev.caisson.store.Commit;
import dev.caisson.store.ObjectId;
import dev.caisson.store.Repo;
import dev.caisson.store.delta.DeltaGenerator;
import dev.caisson.store.delta.DeltaName;
import dev.caisson.store.delta.StaticDeltas;
import dev.caisson.store.delta.Superblock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code caisson repo static-delta generate|list|show|apply-offline|delete}, with ostree's option names. */
@Command(addMethodSubcommands = false, name = "static-delta", mixinStandardHelpOptions = true,
    description = "Static deltas: generate --from REV --to REV | --empty --to REV, list, show DELTA, "
        + "apply-offline PATH, delete DELTA.")
final class RepoStaticDelta implements Callable<Integer> {
  @Mixin DebugOption debug;
  @ParentCommand RepoCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--from", paramLabel = "REV", description = "The commit the delta starts from (default: --to's parent).")
  String from;
  @Option(names = "--to", paramLabel = "REV", description = "The commit the delta leads to.") String to;
  @Option(names = "--empty", description = "A delta from nothing: every object of --to.") boolean empty;
  @Option(names = "--inline", description = "Put the parts inside the superblock (one file).") boolean inline;
  @Option(names = "--min-fallback-size", paramLabel = "MB", defaultValue = "4",
      description = "Files larger than this many MB (10^6 bytes) are fetched loose rather than put in parts; 0: never.")
  long minFallback;
  @Option(names = "--max-chunk-size", paramLabel = "MB", defaultValue = "32",
      description = "The largest part, in MB (10^6 bytes).")
  long maxChunk;
  @Option(names = "--disable-bsdiff", description = "Accepted for ostree's scripts: we never write bsdiff patches.")
  boolean disableBsdiff;
  @Option(names = "--xz-level", paramLabel = "0-9", defaultValue = "2",
      description = "xz preset for the parts (ostree uses 8: smaller, much slower); -1 stores them uncompressed, "
          + "which ostree 2022.7's pull cannot read (it mmaps them at offset 1).")
  int xz;
  @Parameters(arity = "1..2", paramLabel = "generate | list | show DELTA | apply-offline PATH | delete DELTA")
  List<String> args;

  @Override
  public Integer call() throws Exception {
    Repo repo = parent.open();
    var out = spec.commandLine().getOut();
    var bar = new ProgressBar(spec.commandLine().getErr());
    switch (args.get(0)) {
      case "generate" -> {
        if (to == null) {
          throw new UserException("say which commit the delta leads to: --to=REV");
        }
        ObjectId target = repo.resolve(to);
        Optional<ObjectId> source;
        if (empty) {
          if (from != null) {
            throw new UserException("--empty and --from exclude each other");
          }
          source = Optional.empty();
        } else if (from != null) {
          source = Optional.of(repo.resolve(from));
        } else {
          source = Optional.of(Commit.read(repo, target).parent().orElseThrow(() -> new UserException(
              "commit " + target + " has no parent; say --from=REV or --empty")));
        }
        if (xz < -1 || xz > 9) {
          throw new UserException("--xz-level takes -1 to 9");
        }
        var options = new DeltaGenerator.Options(minFallback * 1_000_000L, Math.max(1, maxChunk) * 1_000_000L,
            inline, xz);
        Superblock sb = new DeltaGenerator(repo, options, bar).generate(source, target);
        bar.finish();
        out.println(sb.name().name());
      }
      case "list" -> {
        List<DeltaName> names = StaticDeltas.list(repo);
        if (names.isEmpty()) {
          out.println("(No static deltas)");
        }
        names.forEach(n -> out.println(n.name()));
      }
      case "show" -> show(repo, name(), out);
      case "delete" -> StaticDeltas.delete(repo, name());
      case "apply-offline" -> {
        if (args.size() != 2) {
          throw new UserException("usage: caisson repo static-delta apply-offline PATH");
        }
        ObjectId commit = StaticDeltas.applyOffline(repo, Path.of(args.get(1)), bar);
        bar.finish();
        out.println(commit.name());
      }
      default -> throw new UserException("unknown static-delta verb '" + args.get(0)
          + "': use generate, list, show, apply-offline or delete");
    }
    out.flush();
    return 0;
  }

  private DeltaName name() throws Exception {
    if (args.size() != 2) {
      throw new UserException("say which delta: FROM-TO, or TO for a delta from nothing");
    }
    return DeltaName.parse(args.get(1));
  }

  private static void show(Repo repo, DeltaName name, java.io.PrintWriter out) throws Exception {
    Superblock sb = StaticDeltas.read(repo, name);
    out.println("Delta: " + name.name());
    out.println("From: " + sb.from().map(ObjectId::name).orElse("empty"));
    out.println("To: " + sb.to().name());
    out.println("Endianness: " + (sb.meta("ostree.endianness").map(v -> ((Number) v.value()).byteValue() == 'B')
        .orElse(false) ? "big" : "little"));
    out.println("Timestamp: " + Instant.ofEpochSecond(sb.timestamp()));
    out.println("Number of parts: " + sb.parts().size());
    out.println("Number of fallback entries: " + sb.fallbacks().size());
    long size = 0;
    long usize = 0;
    for (Superblock.PartHeader p : sb.parts()) {
      size += p.size();
      usize += p.uncompressedSize();
    }
    long fsize = 0;
    long fusize = 0;
    for (Superblock.Fallback f : sb.fallbacks()) {
      fsize += f.compressedSize();
      fusize += f.uncompressedSize();
    }
    out.println("Total Part Size: " + size);
    out.println("Total Uncompressed Part Size: " + usize);
    out.println("Total Fallback Size: " + fsize);
    out.println("Total Uncompressed Fallback Size: " + fusize);
    for (int i = 0; i < sb.parts().size(); i++) {
      Superblock.PartHeader p = sb.parts().get(i);
      out.println("PartMeta" + i + "\tnobjects=" + p.objects().size() + " size=" + p.size() + " usize="
          + p.uncompressedSize());
    }
  }
}
