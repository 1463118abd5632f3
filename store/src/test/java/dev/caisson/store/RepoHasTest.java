package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Repo#has} sees every object, a bare repository's dangling symlink objects included. */
class RepoHasTest {
  @TempDir Path tmp;

  @Test
  void everyObjectOfACommitIsThereInEveryMode() throws Exception {
    Path src = tmp.resolve("src");
    Files.createDirectories(src.resolve("etc"));
    Files.writeString(src.resolve("etc/file"), "content\n");
    Files.createSymbolicLink(src.resolve("etc/dangling"), Path.of("../no/such/target"));
    for (RepoMode mode : List.of(RepoMode.BARE, RepoMode.BARE_USER, RepoMode.ARCHIVE)) {
      Repo repo = Repo.init(tmp.resolve("r-" + mode), mode);
      new CommitWriter(repo, StoreListener.SILENT).commit(src, CommitWriter.Options.of("t"));
      List<Path> objects = new ArrayList<>();
      try (Stream<Path> s = Files.walk(repo.path().resolve("objects"))) {
        s.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).forEach(objects::add);
      }
      assertThat(objects).as(mode.name()).hasSizeGreaterThanOrEqualTo(5);
      boolean sawLink = false;
      for (Path p : objects) {
        String name = p.getParent().getFileName() + p.getFileName().toString();
        int dot = name.indexOf('.');
        ObjectId id = ObjectId.fromString(name.substring(0, dot));
        ObjectType type = switch (name.substring(dot + 1)) {
          case "file", "filez" -> ObjectType.FILE;
          case "dirtree" -> ObjectType.DIR_TREE;
          case "dirmeta" -> ObjectType.DIR_META;
          case "commit" -> ObjectType.COMMIT;
          default -> null;
        };
        if (type == null) {
          continue;
        }
        sawLink |= Files.isSymbolicLink(p);
        assertThat(repo.has(id, type)).as("%s %s", mode, name).isTrue();
      }
      // only a bare repository keeps a symlink as a symlink, here one whose target does not exist
      assertThat(sawLink).as(mode.name()).isEqualTo(mode == RepoMode.BARE);
      assertThat(repo.has(ObjectId.fromString("00".repeat(32)), ObjectType.FILE)).isFalse();
    }
  }
}
