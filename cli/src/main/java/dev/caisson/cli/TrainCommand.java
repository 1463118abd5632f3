package dev.caisson.cli;

import dev.caisson.store.transport.RepoServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code caisson train-class-archive DIR BUTANE}: runs the common verbs once, in this process, on
 * scratch data under DIR, so that {@code bin/caisson} can record a class-data archive that covers
 * what they load (configs, the store, deployments, provisioning). Hidden: only bin/caisson calls it.
 */
@Command(addMethodSubcommands = false, name = "train-class-archive", hidden = true,
    description = "Run the common verbs on scratch data (used by bin/caisson to record its class-data archive).")
final class TrainCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "An empty scratch directory.")
  Path dir;

  @Parameters(index = "1", paramLabel = "BUTANE", description = "A Butane config to transpile and provision.")
  Path butane;

  @Override
  public Integer call() throws IOException {
    Path tree = dir.resolve("tree");
    Files.createDirectories(tree.resolve("usr/lib/modules/6.1.0"));
    Files.createDirectories(tree.resolve("usr/etc"));
    Files.writeString(tree.resolve("usr/lib/modules/6.1.0/vmlinuz"), "kernel");
    Files.writeString(tree.resolve("usr/lib/os-release"), "PRETTY_NAME=\"Caisson\"\n");
    Files.writeString(tree.resolve("usr/etc/motd"), "hello\n");
    Path root = Files.createDirectories(dir.resolve("root/etc"));
    Files.writeString(root.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    Files.writeString(root.resolve("group"), "root:x:0:\n");
    Files.writeString(root.resolve("shadow"), "root:*:19000:0:99999:7:::\n");
    Files.writeString(root.resolve("gshadow"), "root:*::\n");
    Path ign = dir.resolve("config.ign");
    Path files = butane.toAbsolutePath().getParent();
    String repo = "--repo=" + dir.resolve("repo");
    String sysroot = "--sysroot=" + dir.resolve("sysroot");
    String sysRepo = "--repo=" + dir.resolve("sysroot/ostree/repo");
    String archive = "--repo=" + dir.resolve("archive");
    String pulled = "--repo=" + dir.resolve("pulled");
    List<List<String>> runs = List.of(
        List.of("transpile", "--files-dir", files.toString(), "--output", ign.toString(), butane.toString()),
        List.of("validate", ign.toString()),
        List.of("provision", "--root", dir.resolve("root").toString(), "--config", ign.toString(), "--dry-run",
            "--base-dir", dir.resolve("none").toString(), "--cmdline", dir.resolve("none").toString()),
        List.of("provision", "--root", dir.resolve("root").toString(), "--config", ign.toString(),
            "--base-dir", dir.resolve("none").toString(), "--cmdline", dir.resolve("none").toString()),
        List.of("repo", "init", repo, "--mode=bare-user"),
        List.of("repo", "commit", repo, "-b", "os/stable", "--tree=dir=" + tree),
        List.of("repo", "log", repo, "os/stable"),
        List.of("repo", "ls", repo, "-R", "os/stable"),
        List.of("repo", "fsck", repo),
        List.of("repo", "checkout", repo, "-U", "os/stable", dir.resolve("co").toString()),
        List.of("repo", "init", archive, "--mode=archive"),
        List.of("repo", "commit", archive, "-b", "os/stable", "--tree=dir=" + tree),
        List.of("admin", "init-fs", dir.resolve("sysroot").toString()),
        List.of("admin", "os-init", sysroot, "caisson"),
        List.of("repo", "commit", sysRepo, "-b", "caisson/stable", "--tree=dir=" + tree),
        List.of("admin", "deploy", sysroot, "--os=caisson", "--run-dir=" + dir.resolve("run"), "caisson/stable"),
        List.of("admin", "status", sysroot, "--run-dir=" + dir.resolve("run")));
    var silent = new PrintWriter(Writer.nullWriter());
    int failed = run(runs, silent);
    // a pull from the archive repository, served in this process as `repo serve` serves it
    try (var server = new RepoServer(dir.resolve("archive"), new InetSocketAddress("127.0.0.1", 0))) {
      failed += run(List.of(
          List.of("repo", "init", pulled, "--mode=bare-user"),
          List.of("repo", "remote", "add", pulled, "--no-gpg-verify", "origin", server.uri().toString()),
          List.of("repo", "pull", pulled, "origin", "os/stable")), silent);
    }
    silent.print(CommandTree.full(new Main()).getUsageMessage());
    return failed == 0 ? 0 : 1;
  }

  /** Runs each command line as `caisson` would; returns how many failed. */
  private static int run(List<List<String>> runs, PrintWriter silent) {
    int failed = 0;
    for (List<String> run : runs) {
      String[] args = run.toArray(String[]::new);
      CommandLine cli = CommandTree.forArgs(new Main(), args);
      cli.setOut(silent);
      cli.setErr(silent);
      if (cli.execute(args) != 0) {
        failed++;
      }
    }
    return failed;
  }
}
