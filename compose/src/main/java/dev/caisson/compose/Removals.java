package dev.caisson.compose;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifest's {@code postprocess.remove}: globs relative to the root ({@code usr/bin/apt*},
 * {@code usr/share/doc/**}); a matching directory goes with everything in it. Symlinks are
 * matched by their own path and never followed.
 */
final class Removals {
  private Removals() {}

  /** Deletes what matches and returns how many paths matched. */
  static int apply(Path root, List<String> globs) throws IOException {
    if (globs.isEmpty()) {
      return 0;
    }
    var matchers = new ArrayList<PathMatcher>();
    for (String g : globs) {
      matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
    }
    var doomed = new ArrayList<Path>();
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
        if (!d.equals(root) && matches(root.relativize(d))) {
          doomed.add(d);
          return FileVisitResult.SKIP_SUBTREE;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
        if (matches(root.relativize(f))) {
          doomed.add(f);
        }
        return FileVisitResult.CONTINUE;
      }

      private boolean matches(Path rel) {
        return matchers.stream().anyMatch(m -> m.matches(rel));
      }
    });
    for (Path p : doomed) {
      Tree.delete(p);
    }
    return doomed.size();
  }
}
