package dev.caisson.compose;

import dev.caisson.store.CommitWriter;
import dev.caisson.store.ObjectId;
import dev.caisson.store.Repo;
import dev.caisson.store.gvariant.GVariant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a compose: bootstrap (or the cached tree), overlays, Caisson and its Java runtime,
 * removals, kernel module pruning, the OSTree layout, the initramfs, and the commit.
 */
public final class Composer {
  /** The JVM options of every Caisson run in the OS (and of the compose-time archive's recording). */
  static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
      "-Xlog:cds=off", "-Xlog:cds+dynamic=off");

  /**
   * {@code /usr/bin/caisson}. Runs start from the class-data archive compose recorded in /usr
   * ({@link ClassArchive}). Without one (compose could not record it), the first short-lived run on a
   * machine (not the agent or the server, not in the initramfs) records one under /var/cache; later
   * runs start from it. That archive is named after the jar's content, so a new deployment records
   * its own, and the JVM ignores an archive that does not match.
   */
  private static final String LAUNCHER = """
      #!/bin/sh
      # Caisson's command line on the Java runtime shipped in the image (written by caisson compose)
      JAVA=/usr/lib/caisson/jre/bin/java
      JAR=/usr/lib/caisson/caisson.jar
      OPTS="@JVM_OPTIONS@"
      if [ -r /usr/lib/caisson/caisson.jsa ]; then
        exec $JAVA $OPTS -XX:SharedArchiveFile=/usr/lib/caisson/caisson.jsa -jar "$JAR" "$@"
      fi
      CDS=/var/cache/caisson/cds-@JAR_ID@.jsa
      if [ -r "$CDS" ]; then
        exec $JAVA $OPTS -XX:SharedArchiveFile="$CDS" -jar "$JAR" "$@"
      fi
      case "$1" in agent|server) CAISSON_NO_CDS_DUMP=1 ;; esac
      if [ -z "$CAISSON_NO_CDS_DUMP" ] && mkdir -p /var/cache/caisson /run/caisson 2>/dev/null \\
          && mkdir /run/caisson/cds.lock 2>/dev/null; then
        $JAVA $OPTS -XX:ArchiveClassesAtExit="$CDS.tmp" -jar "$JAR" "$@"
        rc=$?
        if [ -s "$CDS.tmp" ]; then mv -f "$CDS.tmp" "$CDS"; else rm -f "$CDS.tmp"; fi
        rmdir /run/caisson/cds.lock
        exit $rc
      fi
      exec $JAVA $OPTS -jar "$JAR" "$@"
      """;


  /** The launcher's text for a jar (and lib/) whose content digest starts with {@code jarId}. */
  static String launcher(String jarId) {
    return LAUNCHER.replace("@JAR_ID@", jarId).replace("@JVM_OPTIONS@", String.join(" ", JVM_OPTIONS));
  }

  private final ComposeListener listener;
  private final Map<String, Double> seconds = new LinkedHashMap<>();
  private long stepStart;
  private String stepName;

  public Composer(ComposeListener listener) {
    this.listener = listener;
  }

  public ComposeResult run(ComposeRequest r) throws IOException {
    Manifest m = r.manifest();
    var cache = new RootfsCache(r.cacheDir());
    String key = RootfsCache.key(m);
    begin("bootstrap");
    Optional<Path> cached = cache.find(key);
    Path base;
    if (cached.isPresent()) {
      listener.step("bootstrap", "root tree from the cache (" + key.substring(0, 12) + ")");
      base = cached.get();
    } else {
      Path staging = cache.staging(key);
      new Bootstrap(r.cacheDir().resolve("debs"), listener).run(m, staging);
      base = cache.publish(key, staging);
    }
    begin("copy");
    Path work = Files.createTempDirectory(mkdirs(r.cacheDir().resolve("work")), "compose-");
    try {
      Path root = work.resolve("tree");
      listener.step("copy", "hard-link copy of the root tree");
      Tree.linkCopy(base, root);
      begin("overlays");
      for (Path o : m.overlays()) {
        int n = Tree.overlay(o, root);
        listener.step("overlays", o + ": " + n + " files");
      }
      begin("java");
      installCaisson(r, root);
      ClassArchive.Result cds = new ClassArchive(Tree.runningAsRoot())
          .record(root, JVM_OPTIONS);
      listener.step("java", cds.failure().map(f -> "no class-data archive (the first boot records one): " + f)
          .orElse("class-data archive /" + ClassArchive.PATH + " (" + cds.bytes() / (1 << 20) + " MiB)"));
      String image = BusyboxImage.write(r.busybox(), root.resolve(BusyboxImage.PATH));
      listener.step("java", "busybox container image /" + BusyboxImage.PATH + " (" + image.substring(0, 19) + ")");
      begin("postprocess");
      int removed = Removals.apply(root, m.remove());
      String kver = OstreeLayout.kernelVersion(root);
      int modules = KernelModules.prune(root, kver, m.keepModules());
      listener.step("postprocess", removed + " paths removed, " + modules + " kernel modules pruned");
      begin("layout");
      OstreeLayout.apply(root);
      begin("initramfs");
      byte[] initramfs = new Initramfs(r.busybox()).build(root, kver, m.initramfsModules(),
          r.timestamp().orElse(0L));
      Tree.write(root.resolve("usr/lib/modules").resolve(kver).resolve("initramfs.img"), initramfs, 0644);
      listener.step("initramfs", initramfs.length / 1024 + " KiB, " + m.initramfsModules().size() + " modules asked");
      long treeBytes = Tree.size(root);
      begin("commit");
      ObjectId id = commit(r, root, key);
      end();
      return new ComposeResult(id, m.ref(), m.version(), kver, cached.isPresent(), treeBytes, initramfs.length,
          seconds);
    } finally {
      Tree.delete(work);
    }
  }

  private ObjectId commit(ComposeRequest r, Path root, String key) throws IOException {
    Manifest m = r.manifest();
    Repo repo = Files.isRegularFile(r.repo().resolve("config")) ? Repo.open(r.repo())
        : Repo.init(r.repo(), r.newRepoMode());
    repo = repo.withFsync(r.fsync());
    listener.step("commit", "into " + r.repo() + " (" + repo.mode().configName() + "), ref " + m.ref());
    var meta = new ArrayList<Map.Entry<String, GVariant.Variant>>();
    meta.add(Map.entry("version", GVariant.Variant.of("s", m.version())));
    meta.add(Map.entry("caisson.stream", GVariant.Variant.of("s", m.stream())));
    meta.add(Map.entry("caisson.rootfs", GVariant.Variant.of("s", key)));
    var o = new CommitWriter.Options(Optional.of(m.ref()), "Caisson " + m.version() + " (" + m.stream() + ")", "",
        Optional.empty(), r.timestamp(), meta, true, Optional.empty(), Optional.empty(), false).withBootable(true);
    ObjectId id = new CommitWriter(repo, (what, done, total) -> listener.progress("commit", done, total))
        .commit(root, o);
    if (!r.fsync()) {
      Tree.run(List.of("sync", "-f", r.repo().resolve("objects").toString()));
    }
    return id;
  }

  /** The jlinked runtime, Caisson's jar (and lib/ beside it), and the {@code /usr/bin/caisson} launcher. */
  private void installCaisson(ComposeRequest r, Path root) throws IOException {
    Path jar = r.caissonJar();
    if (!Files.isRegularFile(jar)) {
      throw new IOException("Caisson's jar " + jar + " does not exist (./mvnw -q -B -DskipTests -pl cli -am package)");
    }
    Path lib = jar.resolveSibling("lib");
    List<Path> libs = new ArrayList<>();
    if (Files.isDirectory(lib)) {
      try (var s = Files.list(lib)) {
        s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(libs::add);
      }
    }
    var jre = new JavaRuntime(r.cacheDir(), r.javaHome(), listener);
    List<String> modules = r.manifest().javaModules().isEmpty() ? jre.modules(jar, libs)
        : r.manifest().javaModules();
    Path runtime = jre.runtime(modules);
    Path dest = root.resolve("usr/lib/caisson");
    Files.createDirectories(dest);
    Tree.delete(dest.resolve("jre"));
    Tree.linkCopy(runtime, dest.resolve("jre"));
    Files.copy(jar, dest.resolve("caisson.jar"), StandardCopyOption.REPLACE_EXISTING);
    if (!libs.isEmpty()) {
      Files.createDirectories(dest.resolve("lib"));
      for (Path l : libs) {
        Files.copy(l, dest.resolve("lib").resolve(l.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    String jarId = JavaRuntime.digest(jar, libs).substring(0, 16);
    Tree.write(root.resolve("usr/bin/caisson"), launcher(jarId).getBytes(StandardCharsets.UTF_8), 0755);
    listener.step("java", "Caisson " + jar.getFileName() + (libs.isEmpty() ? "" : " + " + libs.size() + " jars")
        + ", runtime with " + modules.size() + " modules");
  }

  private static Path mkdirs(Path p) throws IOException {
    Files.createDirectories(p);
    return p;
  }

  private void begin(String name) {
    end();
    stepName = name;
    stepStart = System.nanoTime();
  }

  private void end() {
    if (stepName != null) {
      seconds.put(stepName, (System.nanoTime() - stepStart) / 1e9);
      stepName = null;
    }
  }
}
