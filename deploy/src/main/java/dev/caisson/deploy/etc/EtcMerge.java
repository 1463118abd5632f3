package dev.caisson.deploy.etc;

import dev.caisson.deploy.etc.EtcChange.Kind;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The three-way {@code /etc} merge, with ostree's rule that the local version always wins: the
 * changes between the old deployment's defaults ({@code /usr/etc}) and its {@code /etc} are found
 * first, then replayed over a copy of the new defaults. Untouched files follow the new defaults.
 * Unlike ostree, a directory's changed mode or owner is carried over too.
 */
public final class EtcMerge {

  /** Finds the local changes: {@code oldDefaults} against {@code oldEtc}. */
  public List<EtcChange> diff(Path oldDefaults, Path oldEtc) throws IOException {
    var changes = new ArrayList<EtcChange>();
    diffDir(oldDefaults, oldEtc, Path.of(""), changes);
    return changes;
  }

  private void diffDir(Path defaults, Path local, Path rel, List<EtcChange> out) throws IOException {
    Set<String> names = new TreeSet<>();
    names.addAll(list(defaults.resolve(rel.toString())));
    names.addAll(list(local.resolve(rel.toString())));
    for (String name : names) {
      Path r = rel.resolve(name);
      Path d = defaults.resolve(r.toString());
      Path l = local.resolve(r.toString());
      boolean inDefaults = Files.exists(d, LinkOption.NOFOLLOW_LINKS);
      boolean inLocal = Files.exists(l, LinkOption.NOFOLLOW_LINKS);
      if (!inLocal) {
        out.add(new EtcChange(Kind.REMOVED, r));
      } else if (!inDefaults) {
        out.add(new EtcChange(Kind.ADDED, r));
      } else {
        NodeInfo di = NodeInfo.read(d);
        NodeInfo li = NodeInfo.read(l);
        if (di.type() == NodeInfo.Type.DIRECTORY && li.type() == NodeInfo.Type.DIRECTORY) {
          if (!NodeInfo.sameNode(d, di, l, li)) {
            out.add(new EtcChange(Kind.METADATA, r));
          }
          diffDir(defaults, local, r, out);
        } else if (!NodeInfo.sameNode(d, di, l, li)) {
          out.add(new EtcChange(Kind.MODIFIED, r));
        }
      }
    }
  }

  private static List<String> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    var names = new ArrayList<String>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      s.forEach(p -> names.add(p.getFileName().toString()));
    }
    return names;
  }

  /** A first deployment's /etc: a copy of its defaults, with nothing to merge. */
  public void fresh(Path newDefaults, Path newEtc) throws IOException {
    TreeCopy.copy(newDefaults, newEtc);
  }

  /**
   * Makes {@code newEtc} (which must not exist yet) from {@code newDefaults} plus the local changes
   * found between {@code oldDefaults} and {@code oldEtc}. Returns the changes applied.
   */
  public List<EtcChange> merge(Path oldDefaults, Path oldEtc, Path newDefaults, Path newEtc) throws IOException {
    List<EtcChange> changes = diff(oldDefaults, oldEtc);
    TreeCopy.copy(newDefaults, newEtc);
    for (EtcChange c : changes) {
      Path target = newEtc.resolve(c.path().toString());
      Path source = oldEtc.resolve(c.path().toString());
      switch (c.kind()) {
        case REMOVED -> TreeCopy.delete(target);
        case ADDED, MODIFIED -> {
          TreeCopy.delete(target);
          ensureParents(oldEtc, newEtc, c.path());
          TreeCopy.copy(source, target);
        }
        case METADATA -> {
          if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            TreeCopy.copyMetadata(source, target);
          }
        }
      }
    }
    return changes;
  }

  /** Recreates missing parents of {@code rel} in {@code newEtc} with the local parents' metadata. */
  private static void ensureParents(Path oldEtc, Path newEtc, Path rel) throws IOException {
    Path parent = rel.getParent();
    if (parent == null) {
      return;
    }
    Path target = newEtc.resolve(parent.toString());
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    ensureParents(oldEtc, newEtc, parent);
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      TreeCopy.delete(target);
    }
    try {
      Files.createDirectory(target);
    } catch (FileAlreadyExistsException ignored) {
      // made meanwhile by an earlier change
    }
    TreeCopy.copyMetadata(oldEtc.resolve(parent.toString()), target);
  }
}
