package dev.caisson.cli;

import dev.caisson.compose.ComposeListener;
import dev.caisson.compose.ComposeRequest;
import dev.caisson.compose.ComposeResult;
import dev.caisson.compose.Composer;
import dev.caisson.compose.Manifest;
import dev.caisson.compose.ManifestParser;
import dev.caisson.store.RepoMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code caisson compose}: the OS tree from Debian packages, with its initramfs, committed to a repository. */
@Command(addMethodSubcommands = false,
    name = "compose",
    description = "Build the OS from a manifest (Debian packages, overlays, initramfs) and commit it.",
    mixinStandardHelpOptions = true)
final class ComposeCommand implements Callable<Integer> {
  @Mixin DebugOption debug;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--manifest", paramLabel = "FILE", defaultValue = "os/caisson.yaml",
      description = "The OS manifest (default: ${DEFAULT-VALUE}).")
  Path manifest;

  @Option(names = "--repo", paramLabel = "DIR", required = true,
      description = "The repository to commit to; created when missing (see --mode).")
  Path repo;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "bare-user",
      description = "Mode of a repository compose creates: bare-user (default, fast), archive (to serve over HTTP), "
          + "bare-user-only or bare.")
  String mode;

  @Option(names = "--cache", paramLabel = "DIR",
      description = "Downloaded packages, bootstrapped trees and Java runtimes (default: ~/.cache/caisson/compose).")
  Path cache;

  @Option(names = "--version-string", paramLabel = "V",
      description = "The commit's version instead of the manifest's metadata.version.")
  String version;

  @Option(names = "--caisson-jar", paramLabel = "JAR",
      description = "Caisson's jar to ship (default: the jar running this command, else cli/target/caisson.jar).")
  Path jar;

  @Option(names = "--busybox", paramLabel = "FILE", defaultValue = "/bin/busybox",
      description = "A static busybox for the initramfs (default: ${DEFAULT-VALUE}, from busybox-static).")
  Path busybox;

  @Option(names = "--fsync", arity = "1", defaultValue = "true",
      description = "Sync each object (true), or the repository once at the end (false).")
  boolean fsync;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isRegularFile(manifest)) {
      throw new UserException("no manifest at " + manifest + " (--manifest FILE)");
    }
    Manifest m = ManifestParser.parse(manifest);
    if (version != null) {
      m = m.withVersion(version);
    }
    RepoMode repoMode;
    try {
      repoMode = RepoMode.parse(mode);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    Path cacheDir = cache != null ? cache
        : Path.of(System.getProperty("user.home"), ".cache", "caisson", "compose");
    Optional<Long> ts = Optional.ofNullable(System.getenv("SOURCE_DATE_EPOCH")).map(Long::parseLong);
    var request = new ComposeRequest(m, repo, repoMode, cacheDir, caissonJar(), Path.of(System.getProperty("java.home")),
        busybox, ts, fsync);
    var progress = new Progress(err);
    ComposeResult r;
    try {
      r = new Composer(progress).run(request);
    } finally {
      progress.finish();
    }
    out.println("composed " + r.ref() + " " + r.version() + ": " + r.commit().name());
    out.printf("kernel %s, tree %d MiB, initramfs %d KiB, root tree %s%n", r.kernel(), r.treeBytes() >> 20,
        r.initramfsBytes() >> 10, r.rootfsCached() ? "from the cache" : "bootstrapped");
    var sb = new StringBuilder("seconds:");
    double total = 0;
    for (Map.Entry<String, Double> e : r.seconds().entrySet()) {
      sb.append(String.format(" %s %.1f", e.getKey(), e.getValue()));
      total += e.getValue();
    }
    out.println(sb.append(String.format(", total %.1f", total)));
    out.flush();
    return 0;
  }

  /** The jar to ship: --caisson-jar, the jar running now, or the project's cli/target/caisson.jar (built if missing). */
  private Path caissonJar() throws IOException {
    if (jar != null) {
      return jar;
    }
    try {
      Path self = Path.of(ComposeCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (self.toString().endsWith(".jar") && Files.isRegularFile(self)) {
        return self;
      }
    } catch (URISyntaxException | SecurityException e) {
      // fall through to the project's jar
    }
    Path dir = manifest.toAbsolutePath().getParent();
    while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new UserException("cannot tell which Caisson jar to ship: give --caisson-jar JAR");
    }
    Path built = dir.resolve("cli/target/caisson.jar");
    if (!Files.isRegularFile(built)) {
      var p = new ProcessBuilder(List.of("./mvnw", "-q", "-B", "-DskipTests", "-pl", "cli", "-am", "package"))
          .directory(dir.toFile()).inheritIO().start();
      try {
        if (p.waitFor() != 0 || !Files.isRegularFile(built)) {
          throw new UserException("building " + built + " failed");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserException("interrupted while building " + built);
      }
    }
    return built;
  }

  /** Steps as lines; inside a step, a bar redrawn in place on a terminal (nothing extra in logs). */
  static final class Progress implements ComposeListener {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    Progress(PrintWriter err) {
      this(err, System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM")));
    }

    Progress(PrintWriter err, boolean terminal) {
      this.err = err;
      this.terminal = terminal;
    }

    @Override
    public synchronized void step(String name, String detail) {
      clear();
      err.printf("[%5.1fs] %-11s %s%n", (System.nanoTime() - start) / 1e9, name, detail);
      err.flush();
    }

    @Override
    public synchronized void progress(String what, long done, long total) {
      long now = System.nanoTime();
      if (!terminal || total <= 0 || (drawn && now - lastDraw < 100_000_000L && done < total)) {
        return;
      }
      lastDraw = now;
      drawn = true;
      int filled = (int) Math.min(WIDTH, done * WIDTH / total);
      err.print("\r" + what + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
          + String.format("%3d%%", done * 100 / total) + " " + done + "/" + total + "\u001b[K");
      err.flush();
    }

    private void clear() {
      if (drawn) {
        err.print("\r\u001b[K");
        drawn = false;
      }
    }

    synchronized void finish() {
      clear();
      err.flush();
    }
  }
}
