package dev.caisson.cli.repo;

import dev.caisson.cli.DebugOption;
import dev.caisson.store.transport.Remotes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(addMethodSubcommands = false,
    name = "remote", description = "Add, list or delete remotes: remote add|list|delete.", mixinStandardHelpOptions = true)
final class RepoRemote implements Callable<Integer> {
  @Mixin DebugOption debug;
  @ParentCommand RepoCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--no-gpg-verify") boolean noGpgVerify;
  @Option(names = "--set", paramLabel = "KEY=VALUE") List<String> set = List.of();
  @Option(names = "--gpg-import", paramLabel = "FILE",
      description = "Trust the OpenPGP keys in FILE for this remote (kept in REPO/NAME.trustedkeys.gpg).")
  java.nio.file.Path gpgImport;
  @Parameters(arity = "1..3", paramLabel = "add NAME URL | list | delete NAME") List<String> args;

  @Override
  public Integer call() throws Exception {
    var repo = parent.open();
    var remotes = new Remotes(repo);
    switch (args.get(0)) {
      case "add" -> {
        if (args.size() != 3) {
          throw new dev.caisson.cli.UserException("usage: caisson repo remote add NAME URL");
        }
        var settings = new LinkedHashMap<String, String>();
        if (noGpgVerify) {
          settings.put("gpg-verify", "false");
        }
        for (String kv : set) {
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            throw new dev.caisson.cli.UserException("--set=" + kv + ": write KEY=VALUE");
          }
          settings.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        if (gpgImport != null) {
          dev.caisson.store.sign.GpgKeyring.load(List.of(gpgImport)); // refuse what is not a keyring
          java.nio.file.Path tmp = repo.path().resolve("tmp").resolve(args.get(1) + ".trustedkeys.gpg.tmp");
          java.nio.file.Files.createDirectories(tmp.getParent());
          java.nio.file.Files.copy(gpgImport, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          java.nio.file.Files.move(tmp, repo.path().resolve(args.get(1) + ".trustedkeys.gpg"),
              java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        remotes.add(args.get(1), args.get(2), settings);
      }
      case "list" -> remotes.list().forEach((n, kv) -> spec.commandLine().getOut().println(n + " " + kv.get("url")));
      case "delete" -> remotes.delete(args.get(1));
      default -> throw new dev.caisson.cli.UserException("unknown remote verb '" + args.get(0)
          + "': use add, list or delete");
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
