package dev.caisson.cli.admin;

import dev.caisson.cli.CommandTree;
import dev.caisson.cli.DebugOption;
import dev.caisson.cli.Model;
import dev.caisson.deploy.DeployRequest;
import dev.caisson.deploy.OriginFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/** {@code caisson admin deploy}: declared in code, since its whole-process time is benchmarked. */
final class AdminDeploy extends AdminVerbs.Verb implements CommandTree.Declared {
  String os;
  final List<String> kargs = new ArrayList<>();
  final List<String> kargsAppend = new ArrayList<>();
  boolean procCmdline;
  Path originFile;
  boolean retain;
  boolean notAsDefault;
  boolean stage;
  int tries;
  String ref;

  @Override
  public CommandSpec spec() {
    debug = new DebugOption();
    spec = Model.command(this, "deploy", "Check out a commit as a new deployment and make it the default.");
    spec.addOption(debug.declared());
    spec.addOption(Model.option("--os", String.class, v -> os = v).required(true).paramLabel("STATEROOT").build());
    spec.addOption(Model.repeatable("--karg", kargs).paramLabel("KEY=VALUE")
        .description("Set a kernel argument (replacing its value).").build());
    spec.addOption(Model.repeatable("--karg-append", kargsAppend).paramLabel("KEY=VALUE").build());
    spec.addOption(Model.flag("--karg-proc-cmdline", v -> procCmdline = v)
        .description("Start from the running kernel's arguments.").build());
    spec.addOption(Model.option("--origin-file", Path.class, v -> originFile = v).paramLabel("FILE").build());
    spec.addOption(Model.flag("--retain", v -> retain = v).description("Keep all other deployments.").build());
    spec.addOption(Model.flag("--not-as-default", v -> notAsDefault = v).build());
    spec.addOption(Model.flag("--stage", v -> stage = v).description("Finish at shutdown (finalize-staged).").build());
    spec.addOption(Model.option("--boot-tries", Integer.class, v -> tries = v).paramLabel("N").defaultValue("3")
        .description("Boot-counting tries for the new entry; 0 for none.").build());
    spec.addPositional(Model.positional("REF|COMMIT", String.class, v -> ref = v).build());
    return spec;
  }

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
