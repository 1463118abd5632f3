package dev.caisson.cli.admin;

import dev.caisson.deploy.KargsEdit;
import dev.caisson.deploy.KernelArgs;
import dev.caisson.deploy.SysrootEdits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(addMethodSubcommands = false,
    name = "kargs", description = "Show or edit the default deployment's kernel arguments.",
    mixinStandardHelpOptions = true)
final class AdminKargs extends AdminVerbs.Verb {
  @Option(names = "--append", paramLabel = "ARG") List<String> append = new ArrayList<>();
  @Option(names = "--delete", paramLabel = "ARG") List<String> delete = new ArrayList<>();
  @Option(names = "--replace", paramLabel = "ARG") List<String> replace = new ArrayList<>();
  @Option(names = "--import-proc-cmdline", description = "Replace them with the running kernel's.") boolean importProc;
  @Option(names = "--import", paramLabel = "FILE",
      description = "Apply a file of edits (ensure/absent/append/delete/replace ARG), such as provisioning leaves.")
  List<Path> imports = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    var sysroot = sysroot();
    var ops = new ArrayList<KargsEdit.Op>();
    if (importProc) {
      var current = sysroot.state().defaultDeployment().map(d -> d.kargs()).orElse(KernelArgs.EMPTY);
      current.args().forEach(a -> ops.add(new KargsEdit.Op(KargsEdit.Kind.ABSENT, a)));
      KernelArgs.parse(Files.readString(Path.of("/proc/cmdline"))).without("ostree").without("BOOT_IMAGE")
          .without("initrd").args().forEach(a -> ops.add(new KargsEdit.Op(KargsEdit.Kind.APPEND, a)));
    }
    for (Path f : imports) {
      ops.addAll(KargsEdit.read(f).ops());
    }
    delete.forEach(a -> ops.add(new KargsEdit.Op(KargsEdit.Kind.DELETE, a)));
    replace.forEach(a -> ops.add(new KargsEdit.Op(KargsEdit.Kind.REPLACE, a)));
    append.forEach(a -> ops.add(new KargsEdit.Op(KargsEdit.Kind.APPEND, a)));
    if (ops.isEmpty()) {
      out().println(sysroot.state().defaultDeployment()
          .orElseThrow(() -> new dev.caisson.cli.UserException("no deployments")).kargs());
      return 0;
    }
    try {
      out().println(new SysrootEdits(sysroot).editKargs(new KargsEdit(ops)));
    } catch (IllegalArgumentException e) {
      throw new dev.caisson.cli.UserException(e.getMessage());
    }
    return 0;
  }
}
