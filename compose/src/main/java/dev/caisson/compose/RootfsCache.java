package dev.caisson.compose;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finished bootstrap trees, kept under {@code CACHE/rootfs/KEY/tree} where KEY hashes what
 * mmdebstrap was given: the release, the mirrors (in order: apt prefers earlier ones) and the set
 * of packages (order and repeats do not matter). A tree is published by renaming its directory, so
 * a killed bootstrap never leaves a half tree under a key. Only the newest {@link #KEEP} are kept.
 */
final class RootfsCache {
  /** Bumped when the bootstrap command changes in a way that changes the tree. */
  static final String FORMAT = "caisson-rootfs-1";
  static final int KEEP = 2;

  private final Path dir;

  RootfsCache(Path cacheDir) {
    this.dir = cacheDir.resolve("rootfs");
  }

  static String key(String release, List<String> mirrors, List<String> packages) {
    var sb = new StringBuilder(FORMAT).append('\n').append("release ").append(release).append('\n');
    for (String m : mirrors) {
      sb.append("mirror ").append(m.strip()).append('\n');
    }
    for (String p : new TreeSet<>(packages)) {
      sb.append("package ").append(p).append('\n');
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String key(Manifest m) {
    return key(m.release(), m.mirrors(), m.packages());
  }

  /** The cached tree for {@code key}, if a complete one exists. */
  Optional<Path> find(String key) {
    Path tree = dir.resolve(key).resolve("tree");
    return Files.isDirectory(tree) ? Optional.of(tree) : Optional.empty();
  }

  /** A fresh directory to bootstrap into; {@link #publish} makes it the tree for the key. */
  Path staging(String key) throws IOException {
    Files.createDirectories(dir);
    Path s = Files.createTempDirectory(dir, "." + key.substring(0, 12) + "-");
    return s.resolve("tree");
  }

  Path publish(String key, Path stagedTree) throws IOException {
    Path target = dir.resolve(key);
    if (Files.exists(target)) {
      Tree.delete(target);
    }
    Files.move(stagedTree.getParent(), target, StandardCopyOption.ATOMIC_MOVE);
    Files.setLastModifiedTime(target, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
    prune(key);
    return target.resolve("tree");
  }

  /** Removes left-over staging directories and all but the newest {@link #KEEP} trees. */
  void prune(String keep) throws IOException {
    List<Path> entries = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.forEach(entries::add);
    }
    entries.sort(Comparator.comparing((Path p) -> {
      try {
        return Files.getLastModifiedTime(p).toMillis();
      } catch (IOException e) {
        return 0L;
      }
    }).reversed());
    int kept = 0;
    for (Path p : entries) {
      String name = p.getFileName().toString();
      if (name.startsWith(".")) {
        Tree.delete(p);
      } else if (name.equals(keep) || kept < KEEP - 1) {
        if (!name.equals(keep)) {
          kept++;
        }
      } else {
        Tree.delete(p);
      }
    }
  }
}
