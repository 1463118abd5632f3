package dev.caisson.compose;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * The Java runtime inside the OS: jlink of the build's JDK with only the modules Caisson uses
 * (found with jdeps unless the manifest names them), plus a class-data archive of those modules.
 * Runtimes are cached under {@code CACHE/jre/KEY}, keyed by the JDK and the module set.
 */
final class JavaRuntime {
  /** Modules jdeps cannot see: TLS with EC keys, DNS through JNDI. */
  static final List<String> ALWAYS = List.of("jdk.crypto.ec", "jdk.naming.dns");
  static final List<String> JLINK_FLAGS = List.of("--strip-debug", "--no-header-files", "--no-man-pages",
      "--compress=2");

  private final Path cacheDir;
  private final Path javaHome;
  private final ComposeListener listener;

  JavaRuntime(Path cacheDir, Path javaHome, ComposeListener listener) {
    this.cacheDir = cacheDir.resolve("jre");
    this.javaHome = javaHome;
    this.listener = listener;
  }

  /** The modules a jar (and the jars of its {@code lib/}) needs, by jdeps, plus {@link #ALWAYS}. */
  List<String> modules(Path jar, List<Path> libs) throws IOException {
    // jdeps takes most of a minute on a busy machine: its answer is kept per jar content
    Path known = cacheDir.resolve("modules-" + digest(jar, libs));
    if (Files.isRegularFile(known)) {
      return List.of(Files.readString(known, StandardCharsets.UTF_8).strip().split(","));
    }
    listener.step("java", "jdeps " + jar.getFileName());
    var cmd = new ArrayList<>(List.of(tool("jdeps"), "--ignore-missing-deps", "--print-module-deps",
        "--multi-release", "17", "-q"));
    if (!libs.isEmpty()) {
      cmd.add("--class-path");
      cmd.add(String.join(":", libs.stream().map(Path::toString).toList()));
    }
    cmd.add(jar.toString());
    cmd.addAll(libs.stream().map(Path::toString).toList());
    String out = output(cmd).strip();
    var set = new TreeSet<String>(ALWAYS);
    for (String m : out.split(",")) {
      if (!m.isBlank()) {
        set.add(m.strip());
      }
    }
    Files.createDirectories(cacheDir);
    Tree.write(known, String.join(",", set).getBytes(StandardCharsets.UTF_8), 0644);
    return new ArrayList<>(set);
  }

  static String digest(Path jar, List<Path> libs) throws IOException {
    try {
      var md = MessageDigest.getInstance("SHA-256");
      for (Path p : concat(jar, libs)) {
        md.update(p.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        try (var in = Files.newInputStream(p)) {
          byte[] buf = new byte[1 << 16];
          for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
          }
        }
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Path> concat(Path jar, List<Path> libs) {
    var all = new ArrayList<Path>();
    all.add(jar);
    all.addAll(libs);
    return all;
  }

  /** A runtime with {@code modules}, from the cache or made now. */
  Path runtime(List<String> modules) throws IOException {
    String key = key(modules);
    Path dir = cacheDir.resolve(key);
    if (Files.isRegularFile(dir.resolve("release"))) {
      listener.step("java", "runtime from the cache (" + String.join(",", modules) + ")");
      return dir;
    }
    listener.step("java", "jlink " + String.join(",", modules));
    Files.createDirectories(cacheDir);
    Path tmp = Files.createTempDirectory(cacheDir, ".jlink-");
    Path out = tmp.resolve("jre");
    var cmd = new ArrayList<>(List.of(tool("jlink"), "--add-modules", String.join(",", modules)));
    cmd.addAll(JLINK_FLAGS);
    cmd.addAll(List.of("--output", out.toString()));
    output(cmd);
    // the default class-data archive of the runtime's own classes: a faster start under emulation
    output(List.of(out.resolve("bin/java").toString(), "-Xshare:dump", "-XX:+UseSerialGC"));
    Tree.delete(dir);
    Files.move(out, dir, StandardCopyOption.ATOMIC_MOVE);
    Tree.delete(tmp);
    return dir;
  }

  String key(List<String> modules) {
    var sb = new StringBuilder(javaHome.toString()).append('\n').append(Runtime.version()).append('\n');
    new TreeSet<>(modules).forEach(m -> sb.append(m).append('\n'));
    JLINK_FLAGS.forEach(f -> sb.append(f).append('\n'));
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(sb.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String tool(String name) throws IOException {
    Path p = javaHome.resolve("bin").resolve(name);
    if (!Files.isExecutable(p)) {
      throw new IOException(name + " not found in " + javaHome + "/bin: compose needs a full JDK (jlink, jdeps)");
    }
    return p.toString();
  }

  private static String output(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return out;
  }
}
