package dev.caisson.compose;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Records the OS's class-data archive ({@code /usr/lib/caisson/caisson.jsa}) at compose time: the
 * tree's own Java runtime runs {@code caisson train-class-archive} inside the tree (chroot), so the
 * first boot's provisioning, the health check and the agent start from mapped, pre-verified classes
 * instead of parsing them under emulation. The JVM checks an archive against the jars' size and
 * mtime: the jars get mtime 0 here, which is what a deployment's hard-linked checkout shows (the
 * store writes regular file objects with mtime 0, as ostree does).
 */
final class ClassArchive {
  static final String PATH = "usr/lib/caisson/caisson.jsa";
  private static final String JAVA = "/usr/lib/caisson/jre/bin/java";
  private static final String SCRATCH = "tmp/caisson-class-archive";

  private final boolean root;

  ClassArchive(boolean root) {
    this.root = root;
  }

  /**
   * Records the archive into {@code tree}; returns its size, or empty with the reason when it could
   * not be recorded (the OS then records one at its first boot, as before).
   */
  Result record(Path tree, List<String> jvmOptions) throws IOException {
    Path jarDir = tree.resolve("usr/lib/caisson");
    for (Path jar : jars(jarDir)) {
      Files.setLastModifiedTime(jar, FileTime.fromMillis(0));
    }
    Path scratch = tree.resolve(SCRATCH);
    Tree.delete(scratch);
    Path archive = tree.resolve(PATH);
    Path tmp = archive.resolveSibling(archive.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createDirectories(scratch.resolve("work"));
      try (InputStream in = ClassArchive.class.getResourceAsStream("train.bu")) {
        Files.write(scratch.resolve("train.bu"), in.readAllBytes());
      }
      var cmd = new ArrayList<String>(root ? List.of("chroot", tree.toString())
          : List.of("unshare", "--map-root-user", "--root=" + tree));
      // $ORIGIN in the launcher's RPATH needs /proc, which the chroot does not have
      cmd.addAll(List.of("/usr/bin/env", "LD_LIBRARY_PATH=/usr/lib/caisson/jre/lib", JAVA));
      cmd.addAll(jvmOptions);
      cmd.addAll(List.of("-XX:-UsePerfData", "-XX:ArchiveClassesAtExit=/" + PATH + ".tmp", "-jar",
          "/usr/lib/caisson/caisson.jar", "train-class-archive", "/" + SCRATCH + "/work", "/" + SCRATCH + "/train.bu"));
      try {
        Tree.run(cmd);
      } catch (IOException e) {
        Files.deleteIfExists(tmp);
        return new Result(0, Optional.of(e.getMessage()));
      }
      if (!Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
        Files.deleteIfExists(tmp);
        return new Result(0, Optional.of("the JVM wrote no archive"));
      }
      Files.setAttribute(tmp, "unix:mode", 0644);
      Files.move(tmp, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return new Result(Files.size(archive), Optional.empty());
    } finally {
      Tree.delete(scratch);
    }
  }

  private static List<Path> jars(Path dir) throws IOException {
    try (var s = Files.walk(dir, 2)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jar") && !p.startsWith(dir.resolve("jre"))).toList();
    }
  }

  /** The archive's size in bytes, or why there is none. */
  record Result(long bytes, Optional<String> failure) {}
}
