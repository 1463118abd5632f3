package dev.caisson.deploy;

import java.nio.file.Path;
import java.util.Optional;

/** A child-process entry point for the crash tests: runs one sysroot operation, then exits. */
public final class SysrootDriver {
  private SysrootDriver() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Path run = Path.of(args[1]);
    String op = args[2];
    Sysroot s = open(root, run);
    switch (op) {
      case "deploy" -> s.deploy(DeployRequest.of("caisson", args[3]).withTries(0));
      case "stage-finalize" -> {
        s.deploy(DeployRequest.of("caisson", args[3]).withFlags(false, false, true));
        s.finalizeStaged();
      }
      case "rollback" -> new SysrootEdits(s).rollback();
      case "cleanup" -> s.cleanup();
      default -> throw new IllegalArgumentException(op);
    }
  }

  static Sysroot open(Path root, Path run) {
    return new Sysroot(new SysrootLayout(root), new OstreeCliCommits(root.resolve("ostree/repo")), Optional.empty(),
        DeployListener.SILENT, run);
  }
}
