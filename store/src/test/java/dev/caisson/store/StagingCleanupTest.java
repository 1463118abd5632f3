package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A transaction removes the staging directories of writers that died, and leaves those of running ones. */
class StagingCleanupTest {
  @TempDir Path tmp;

  @Test
  void abandonedStagingIsRemovedAndARunningWritersIsKept() throws Exception {
    Repo repo = Repo.init(tmp.resolve("repo"), RepoMode.BARE_USER);
    Path t = repo.path().resolve("tmp");
    long dead = 4_000_000;
    while (ProcessHandle.of(dead).isPresent()) {
      dead--;
    }
    Path running = Files.createDirectories(t.resolve("staging-" + ProcessHandle.current().pid() + "-abc-1/aa"));
    Path abandoned = Files.createDirectories(t.resolve("staging-" + dead + "-abc-1/bb"));
    Path legacy = Files.createDirectories(t.resolve("staging-0b5a7c1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b/cc"));
    Files.writeString(abandoned.resolve("x.file"), "partial");

    try (Repo.Transaction tx = repo.begin()) {
      assertThat(running).isDirectory();
      assertThat(abandoned.getParent()).doesNotExist();
      assertThat(legacy.getParent()).doesNotExist();
      tx.commit();
    }
    assertThat(running).isDirectory();
    try (var left = Files.list(t)) {
      assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("staging-")))
          .containsExactly(running.getParent().getFileName().toString());
    }
    assertThat(Repo.ownerRuns(ProcessHandle.current().pid() + "-x-1")).isTrue();
    assertThat(Repo.ownerRuns(dead + "-x-1")).isFalse();
    assertThat(Repo.ownerRuns("not-a-pid")).isFalse();
    assertThat(Repo.ownerRuns("")).isFalse();
  }
}
