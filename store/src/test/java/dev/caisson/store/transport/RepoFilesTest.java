package dev.caisson.store.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a repository server may serve: regular files inside the repository, never anything a symlink or {@code ..} leads out to. */
class RepoFilesTest {
  @TempDir
  Path tmp;

  @Test
  void servesRegularFilesInsideWithTheirSizeAndNothingOutside() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "secret");
    Files.createDirectories(repo.resolve("objects/ab"));
    Files.writeString(repo.resolve("objects/ab/cdef.filez"), "12345");
    Files.writeString(repo.resolve("config"), "[core]\n");
    // a directory inside that is a symlink to another directory inside: still inside
    Files.createDirectories(repo.resolve("deltas/real"));
    Files.writeString(repo.resolve("deltas/real/superblock"), "sb");
    Files.createSymbolicLink(repo.resolve("deltas/alias"), repo.resolve("deltas/real"));
    // ways out
    Files.createSymbolicLink(repo.resolve("objects/ee"), outside);
    Files.createSymbolicLink(repo.resolve("objects/ab/link.filez"), outside.resolve("secret"));
    Files.createSymbolicLink(repo.resolve("out"), outside);

    var files = new RepoFiles(repo);
    var object = files.resolveFile("/objects/ab/cdef.filez");
    assertThat(object).isPresent();
    assertThat(object.get().size()).isEqualTo(5);
    assertThat(object.get().path()).isEqualTo(repo.toRealPath().resolve("objects/ab/cdef.filez"));
    assertThat(files.resolve("config")).isPresent();
    assertThat(files.resolve("///config")).isPresent();
    assertThat(files.resolve("/deltas/alias/superblock")).isPresent();

    assertThat(files.resolve("/objects/ee/secret")).isEmpty();
    assertThat(files.resolve("/out/secret")).isEmpty();
    assertThat(files.resolve("/objects/ab/link.filez")).isEmpty();
    assertThat(files.resolve("/../outside/secret")).isEmpty();
    assertThat(files.resolve("/objects/../../outside/secret")).isEmpty();
    assertThat(files.resolve("/objects/ab")).isEmpty(); // a directory
    assertThat(files.resolve("/")).isEmpty();
    assertThat(files.resolve("/objects/zz/missing.filez")).isEmpty();
    assertThat(files.resolve("/config/x")).isEmpty(); // a file as a directory

    // many at once: each directory found inside is remembered, one that leads out never is
    Files.writeString(outside.resolve("aa.filez"), "outside");
    var insideDirs = new java.util.HashSet<Path>();
    assertThat(files.resolveFile("/objects/ab/cdef.filez", insideDirs)).isPresent();
    assertThat(files.resolveFile("/objects/ee/aa.filez", insideDirs)).isEmpty();
    assertThat(files.resolveFile("/objects/ee/aa.filez", insideDirs)).isEmpty();
    assertThat(files.resolveFile("/objects/ab/link.filez", insideDirs)).isEmpty();
    assertThat(insideDirs).containsExactly(repo.toRealPath().resolve("objects/ab"));
  }
}
