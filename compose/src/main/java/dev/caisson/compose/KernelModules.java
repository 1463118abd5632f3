package dev.caisson.compose;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A kernel's loadable modules as {@code modules.dep} and {@code modules.softdep} describe them:
 * which to keep when pruning (with every dependency) and in which order to load a few by hand.
 */
final class KernelModules {
  /** Module path (relative to {@code usr/lib/modules/KVER}) to its dependencies, as modules.dep lists them. */
  private final Map<String, List<String>> deps;
  /** Module name ({@code _} for {@code -}) to its path. */
  private final Map<String, String> byName = new LinkedHashMap<>();
  /** Module name to the names it wants loaded first ({@code softdep NAME pre: ...}). */
  private final Map<String, List<String>> pre = new LinkedHashMap<>();

  KernelModules(String modulesDep, String softdep) {
    deps = new LinkedHashMap<>();
    for (String line : modulesDep.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String path = line.substring(0, colon).strip();
      String rest = line.substring(colon + 1).strip();
      deps.put(path, rest.isEmpty() ? List.of() : List.of(rest.split("\\s+")));
      byName.put(name(path), path);
    }
    for (String line : softdep.split("\n")) {
      String[] w = line.strip().split("\\s+");
      if (w.length < 3 || !w[0].equals("softdep")) {
        continue;
      }
      var names = new ArrayList<String>();
      boolean inPre = false;
      for (int i = 2; i < w.length; i++) {
        if (w[i].endsWith(":")) {
          inPre = w[i].equals("pre:");
        } else if (inPre) {
          names.add(w[i].replace('-', '_'));
        }
      }
      pre.put(w[1].replace('-', '_'), names);
    }
  }

  static KernelModules read(Path moduleDir) throws IOException {
    Path soft = moduleDir.resolve("modules.softdep");
    return new KernelModules(Files.readString(moduleDir.resolve("modules.dep"), StandardCharsets.UTF_8),
        Files.isRegularFile(soft) ? Files.readString(soft, StandardCharsets.UTF_8) : "");
  }

  /** {@code kernel/fs/ext4/ext4.ko} → {@code ext4}; dashes become underscores, as modprobe treats them. */
  static String name(String path) {
    String f = path.substring(path.lastIndexOf('/') + 1);
    int ko = f.indexOf(".ko");
    return (ko < 0 ? f : f.substring(0, ko)).replace('-', '_');
  }

  Set<String> paths() {
    return deps.keySet();
  }

  /** The modules under any of the prefixes, plus everything they depend on (hard and soft). */
  Set<String> keep(List<String> prefixes) {
    var out = new LinkedHashSet<String>();
    for (String p : deps.keySet()) {
      if (prefixes.stream().anyMatch(p::startsWith)) {
        addWithDeps(p, out);
      }
    }
    return out;
  }

  private void addWithDeps(String path, Set<String> out) {
    if (!out.add(path)) {
      return;
    }
    for (String d : deps.getOrDefault(path, List.of())) {
      addWithDeps(d, out);
    }
    for (String s : pre.getOrDefault(name(path), List.of())) {
      String sp = byName.get(s);
      if (sp != null) {
        addWithDeps(sp, out);
      }
    }
  }

  /**
   * Paths to insmod, in order, for the named modules: each one's soft and hard dependencies first
   * (modules.dep lists the ones to load first last). Names the kernel has built in are skipped;
   * an unknown name is an error.
   */
  List<String> loadOrder(List<String> names, Set<String> builtin) throws IOException {
    var out = new LinkedHashSet<String>();
    for (String n : names) {
      String key = n.replace('-', '_');
      String path = byName.get(key);
      if (path == null) {
        if (builtin.contains(key)) {
          continue;
        }
        throw new IOException("kernel module " + n + " is neither a module nor built in");
      }
      load(path, out);
    }
    return new ArrayList<>(out);
  }

  private void load(String path, Set<String> out) {
    if (out.contains(path)) {
      return;
    }
    for (String s : pre.getOrDefault(name(path), List.of())) {
      String sp = byName.get(s);
      if (sp != null) {
        load(sp, out);
      }
    }
    List<String> d = deps.getOrDefault(path, List.of());
    for (int i = d.size() - 1; i >= 0; i--) {
      load(d.get(i), out);
    }
    out.add(path);
  }

  /** Names from {@code modules.builtin} ({@code kernel/fs/ext4/ext4.ko} lines). */
  static Set<String> builtin(Path moduleDir) throws IOException {
    Path f = moduleDir.resolve("modules.builtin");
    var out = new LinkedHashSet<String>();
    if (Files.isRegularFile(f)) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          out.add(name(line.strip()));
        }
      }
    }
    return out;
  }

  /**
   * Deletes every module not in {@link #keep}, then empty directories, and rebuilds the indexes
   * with the tree's own depmod (chroot: the build host need not have kmod).
   */
  static int prune(Path root, String kver, List<String> prefixes) throws IOException {
    if (prefixes.isEmpty()) {
      return 0;
    }
    Path dir = root.resolve("usr/lib/modules").resolve(kver);
    KernelModules km = read(dir);
    Set<String> keep = km.keep(prefixes);
    int removed = 0;
    for (String p : km.paths()) {
      if (!keep.contains(p)) {
        Files.deleteIfExists(dir.resolve(p));
        removed++;
      }
    }
    removeEmptyDirs(dir.resolve("kernel"));
    Tree.run(List.of("chroot", root.toString(), "depmod", kver));
    return removed;
  }

  private static boolean removeEmptyDirs(Path d) throws IOException {
    boolean empty = true;
    try (var s = Files.newDirectoryStream(d)) {
      for (Path p : s) {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          empty &= removeEmptyDirs(p);
        } else {
          empty = false;
        }
      }
    }
    if (empty) {
      Files.delete(d);
    }
    return empty;
  }
}
