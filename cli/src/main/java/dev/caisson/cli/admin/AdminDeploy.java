package dev.caisson.cli.admin;

import dev.caisson.deploy.DeployRequest;
import dev.caisson.deploy.OriginFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(addMethodSubcommands = false,
    name = "deploy", description = "Check out a commit as a new deployment and make it the default.",
    mixinStandardHelpOptions = true)
final class AdminDeploy extends AdminVerbs.Verb {
  @Option(names = "--os", required = true, paramLabel = "STATEROOT") String os;
  @Option(names = "--karg", paramLabel = "KEY=VALUE", description = "Set a kernel argument (replacing its value).")
  List<String> kargs = new ArrayList<>();
  @Option(names = "--karg-append", paramLabel = "KEY=VALUE") List<String> kargsAppend = new ArrayList<>();
  @Option(names = "--karg-proc-cmdline", description = "Start from the running kernel's arguments.")
  boolean procCmdline;
  @Option(names = "--origin-file", paramLabel = "FILE") Path originFile;
  @Option(names = "--retain", description = "Keep all other deployments.") boolean retain;
  @Option(names = "--not-as-default") boolean notAsDefault;
  @Option(names = "--stage", description = "Finish at shutdown (finalize-staged).") boolean stage;
  @Option(names = "--boot-tries", defaultValue = "3", description = "Boot-counting tries for the new entry; 0 for none.")
  int tries;
  @Parameters(paramLabel = "REF|COMMIT") String ref;

  @Override
  public Integer call() throws Exception {
    Optional<String> cmdline = procCmdline ? Optional.of(Files.readString(Path.of("/proc/cmdline"))) : Optional.empty();
    Optional<OriginFile> origin = originFile == null ? Optional.empty()
        : Optional.of(OriginFile.parse(Files.readString(originFile)));
    var req = new DeployRequest(os, ref, kargs, kargsAppend, cmdline, origin, retain, notAsDefault, stage, tries);
    var d = sysroot().deploy(req);
    out().println((stage ? "Staged " : "Deployed ") + d.stateroot() + " " + d.name());
    return 0;
  }
}
