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

/**
 * {@link Repo#has} sees every object, a bare repository's dangling symlink objects included; and
 * {@link Repo#presence} agrees with it, staged objects included, without a stat for what cannot be there.
 */
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
      Repo.Presence presence = repo.presence();
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
        assertThat(presence.has(id, type)).as("%s %s", mode, name).isTrue();
      }
      // only a bare repository keeps a symlink as a symlink, here one whose target does not exist
      assertThat(sawLink).as(mode.name()).isEqualTo(mode == RepoMode.BARE);
      assertThat(presence.has(ObjectId.fromString("00".repeat(32)), ObjectType.FILE)).isFalse();
      assertThat(repo.has(ObjectId.fromString("00".repeat(32)), ObjectType.FILE)).isFalse();
    }
    }

  @Test
  void presenceSeesObjectsStagedInPlaceAndNothingInDirectoriesThatWereNotThere() throws Exception {
    Repo repo = Repo.init(tmp.resolve("r"), RepoMode.BARE_USER);
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("a"), "a\n");
    try (Repo.Transaction tx = repo.begin()) {
      Repo.Presence before = repo.presence();
      ObjectId id = Content.writeBytes(repo, new FileMeta(0, 0, FileMeta.S_IFREG | 0644, "", List.of()), "staged\n".getBytes());
      assertThat(repo.has(id, ObjectType.FILE)).isTrue();
      assertThat(before.has(id, ObjectType.FILE)).as("written in place in this transaction").isTrue();
      tx.commit();
      // committed: in objects/, under a directory the old snapshot did not see; a new one does
      assertThat(repo.presence().has(id, ObjectType.FILE)).isTrue();
    }
    ObjectId other = ObjectId.fromString("ab".repeat(32));
    assertThat(repo.presence().has(other, ObjectType.FILE)).isFalse();
  }
}
