package dev.caisson.cli.repo;

import dev.caisson.cli.DebugOption;
import dev.caisson.cli.UserException;
import dev.caisson.store.ObjectId;
import dev.caisson.store.Repo;
import dev.caisson.store.sign.CommitSigning;
import dev.caisson.store.sign.Ed25519Key;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code caisson repo sign}: Ed25519 signatures on a commit, with ostree sign's arguments. */
@Command(addMethodSubcommands = false, name = "sign", mixinStandardHelpOptions = true,
    description = "Sign a commit with ed25519 secret keys (base64, as ostree takes them), delete signatures, "
        + "or verify them against public keys.")
final class RepoSign implements Callable<Integer> {
  @Mixin DebugOption debug;
  @ParentCommand RepoCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = {"-s", "--sign-type"}, defaultValue = "ed25519", paramLabel = "NAME",
      description = "Signature type (only ed25519).")
  String type;

  @Option(names = "--verify", description = "Verify: KEY-IDs are public keys; exit 1 unless one signed the commit.")
  boolean verify;

  @Option(names = {"-d", "--delete"}, description = "Delete the signatures the KEY-IDs made.")
  boolean delete;

  @Option(names = "--keys-file", paramLabel = "FILE",
      description = "Read keys (base64, one per line) from FILE instead of the command line, where others can see them.")
  Path keysFile;

  @Parameters(index = "0", paramLabel = "COMMIT") String commit;

  @Parameters(index = "1..*", paramLabel = "KEY-ID", description = "Keys in base64.") List<String> keys = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (!type.equals("ed25519")) {
      throw new UserException("signature type '" + type + "' is not supported; use ed25519");
    }
    var texts = new ArrayList<>(keys);
    if (keysFile != null) {
      texts.addAll(dev.caisson.store.sign.TrustedKeys.keyLines(keysFile));
    }
    if (texts.isEmpty()) {
      throw new UserException("no key given: pass KEY-ID arguments or --keys-file FILE");
    }
    Repo repo = parent.open();
    ObjectId id = repo.resolve(commit);
    var signing = new CommitSigning(repo);
    var out = spec.commandLine().getOut();
    if (verify) {
      var trusted = new ArrayList<Ed25519Key>();
      for (String t : texts) {
        trusted.add(Ed25519Key.parsePublic(t));
      }
      var by = signing.verify(id, trusted);
      if (by.isEmpty()) {
        spec.commandLine().getErr().println("commit " + id.name() + ": no valid ed25519 signature by the given keys");
        return 1;
      }
      out.println("Signature verified successfully with key '" + by.get().publicBase64() + "'");
      return 0;
    }
    for (String t : texts) {
      Ed25519Key k = delete ? Ed25519Key.parsePublic(t) : Ed25519Key.parseSecret(t);
      if (delete) {
        signing.delete(id, k);
      } else {
        signing.sign(id, k);
      }
    }
    return 0;
  }
}
