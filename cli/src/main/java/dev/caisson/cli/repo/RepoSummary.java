package dev.caisson.cli.repo;

import dev.caisson.cli.DebugOption;
import dev.caisson.cli.UserException;
import dev.caisson.store.Repo;
import dev.caisson.store.Summary;
import dev.caisson.store.sign.Ed25519Key;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code caisson repo summary -u|-v}: the repository's summary file, optionally signed. */
@Command(addMethodSubcommands = false, name = "summary", mixinStandardHelpOptions = true,
    description = "Update (-u) or view (-v) the summary that remotes read refs from; --sign and --gpg-sign add "
        + "summary.sig.")
final class RepoSummary implements Callable<Integer> {
  @Mixin DebugOption debug;
  @ParentCommand RepoCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = {"-u", "--update"}, description = "Regenerate the summary from the refs.") boolean update;
  @Option(names = {"-v", "--view"}, description = "Print the summary.") boolean view;
  @Option(names = "--sign", paramLabel = "KEY-ID", description = "An ed25519 secret key (base64) to sign with.")
  List<String> sign = new ArrayList<>();
  @Option(names = "--keys-file", paramLabel = "FILE", description = "Secret keys to sign with, one per line.")
  Path keysFile;
  @Option(names = "--sign-type", defaultValue = "ed25519", paramLabel = "NAME") String type;
  @Option(names = "--gpg-sign", paramLabel = "KEY-ID",
      description = "Also sign with this GnuPG key (gpg --detach-sign; the key stays in GnuPG).")
  List<String> gpgSign = new ArrayList<>();
  @Option(names = "--gpg-homedir", paramLabel = "DIR", description = "GnuPG's home for --gpg-sign.") Path gpgHomedir;

  @Override
  public Integer call() throws Exception {
    if (!update && !view) {
      throw new UserException("say what to do: -u (update) or -v (view)");
    }
    if (!type.equals("ed25519")) {
      throw new UserException("signature type '" + type + "' is not supported; use ed25519");
    }
    Repo repo = parent.open();
    if (update) {
      var texts = new ArrayList<>(sign);
      if (keysFile != null) {
        texts.addAll(dev.caisson.store.sign.TrustedKeys.keyLines(keysFile));
      }
      var keys = new ArrayList<Ed25519Key>();
      for (String t : texts) {
        keys.add(Ed25519Key.parseSecret(t));
      }
      var gpg = new ArrayList<dev.caisson.store.sign.GpgSigner>();
      for (String id : gpgSign) {
        gpg.add(new dev.caisson.store.sign.GpgSigner(id, java.util.Optional.ofNullable(gpgHomedir)));
      }
      Summary.of(repo, Instant.now()).write(repo, keys, gpg);
    }
    if (view) {
      Path file = repo.path().resolve("summary");
      if (!Files.isRegularFile(file)) {
        throw new UserException("no summary in " + repo.path() + "; make one with: caisson repo summary -u");
      }
      var out = spec.commandLine().getOut();
      Summary s = Summary.parse(Files.readAllBytes(file));
      for (Summary.Entry e : s.entries()) {
        out.println("* " + e.ref());
        out.println("    Latest Commit (" + e.commitSize() + " bytes):");
        out.println("      " + e.commit().name());
        e.version().ifPresent(v -> out.println("    Version (ostree.commit.version): " + v));
        out.println("    Timestamp (ostree.commit.timestamp): " + Instant.ofEpochSecond(e.timestamp()));
        out.println();
      }
      s.metadata().forEach((k, v) -> out.println(k + ": " + (v.value() instanceof Long l
          ? Instant.ofEpochSecond(dev.caisson.store.gvariant.GVariant.be64(l)).toString() : String.valueOf(v.value()))));
    }
    return 0;
  }
}
