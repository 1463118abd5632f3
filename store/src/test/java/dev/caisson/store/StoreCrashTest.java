package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.store.transport.Puller;
import dev.caisson.store.transport.RepoServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs commit and pull at random points. After every kill both fsck's (ours and the real
 * ostree's) find the repository clean, and the interrupted operation completes when run again.
 */
class StoreCrashTest {
  static final int KILLS = Integer.getInteger("caisson.crash.kills", 100);

  @TempDir Path tmp;

  private Path tree(String name, int files) throws Exception {
    Path t = tmp.resolve(name);
    for (int d = 0; d < 20; d++) {
      Path dir = Files.createDirectories(t.resolve("usr/share/d" + d));
      for (int f = 0; f < files / 20; f++) {
        Files.writeString(dir.resolve("f" + f), name + " " + d + "/" + f + " " + "x".repeat(f * 7 % 3000));
      }
    }
    return t;
  }

  @Test
  void killedCommitsAndPullsLeaveCleanRepositoriesThatTheNextRunCompletes() throws Exception {
    Path treeA = tree("a", 800);
    Path treeB = tree("b", 800);
    Repo local = Repo.init(tmp.resolve("local"), RepoMode.BARE_USER);
    Repo served = Repo.init(tmp.resolve("served"), RepoMode.ARCHIVE);
    var servedWriter = new CommitWriter(served, StoreListener.SILENT);
    int generation = 0;
    try (var server = new RepoServer(served.path(), new InetSocketAddress("127.0.0.1", 0))) {
      String url = server.uri().toString();
      long seed = Long.getLong("caisson.crash.seed", System.nanoTime());
      var random = new Random(seed);
      long[] window = new long[2]; // per operation: how long to let it run at most, adapted as we go
      long commitTime = time(List.of("commit", local.path().toString(), treeA.toString(), "warmup"));
      servedWriter.commit(treeA, CommitWriter.Options.of("os"));
      long pullTime = time(List.of("pull", tmp.resolve("probe").toString(), url, "os"));
      int kills = 0;
      int iterations = 0;
      var killedDuring = new ArrayList<String>();
      while (kills < KILLS && iterations < KILLS * 4) {
        boolean commit = iterations % 2 == 0;
        iterations++;
        List<String> op;
        Repo target;
        if (commit) {
          // a new tree each time so that the commit has new objects to write
          Path t = iterations % 4 == 1 ? treeA : treeB;
          Files.writeString(t.resolve("usr/share/d0/f0"), "generation " + generation++);
          op = List.of("commit", local.path().toString(), t.toString(), "b" + iterations % 3);
          target = local;
        } else {
          // the served repo gets a new commit; a fresh or partly filled repo pulls it
          Path t = iterations % 4 == 2 ? treeB : treeA;
          Files.writeString(t.resolve("usr/share/d1/f1"), "generation " + generation++);
          servedWriter.commit(t, CommitWriter.Options.of("os"));
          Path into = tmp.resolve("pulled-" + iterations % 5);
          if (!Files.exists(into)) {
            Repo.init(into, iterations % 2 == 0 ? RepoMode.ARCHIVE : RepoMode.BARE_USER);
          }
          op = List.of("pull", into.toString(), url, "os");
          target = Repo.open(into);
        }
        Process p = start(op);
        int which = commit ? 0 : 1;
        if (window[which] == 0) {
          window[which] = commit ? commitTime : pullTime;
        }
        Thread.sleep(random.nextInt((int) Math.max(40, window[which])));
        boolean alive = p.isAlive();
        // aim the kills inside the operation however fast this machine runs it just now
        window[which] = alive ? window[which] * 21 / 20 : Math.max(40, window[which] * 4 / 5);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        if (alive) {
          kills++;
          killedDuring.add(op.get(0));
        }
        String when = "after killing " + op.get(0) + " (iteration " + iterations + ", seed " + seed + ")";
        assertClean(target, when);
        // the next run completes
        if (commit) {
          new CommitWriter(target, StoreListener.SILENT).commit(Path.of(op.get(2)), CommitWriter.Options.of(op.get(3)));
        } else {
          ObjectId got = new Puller(target, server.uri(), StoreListener.SILENT).pull("os", Optional.of("o:os"));
          assertThat(got).isEqualTo(served.resolve("os"));
          assertThat(Files.exists(target.path().resolve("state/" + got.name() + ".commitpartial"))).isFalse();
        }
        assertClean(target, "after re-running " + op.get(0) + " (iteration " + iterations + ", seed " + seed + ")");
      }
      assertThat(kills).as("kills of a running operation").isGreaterThanOrEqualTo(KILLS);
      assertThat(killedDuring).contains("commit", "pull");
      assertThat(killedDuring.stream().filter("commit"::equals).count()).isGreaterThanOrEqualTo(KILLS / 4);
      assertThat(killedDuring.stream().filter("pull"::equals).count()).isGreaterThanOrEqualTo(KILLS / 4);
    }
  }

  private static void assertClean(Repo repo, String when) throws Exception {
    Fsck.Result r = new Fsck(repo, StoreListener.SILENT).run();
    assertThat(r.problems()).as(when).isEmpty();
    assertThat(Ostree.repo(repo.path(), "fsck")).as(when).contains("no errors found");
  }

  private long time(List<String> op) throws Exception {
    long t0 = System.nanoTime();
    Process p = start(op);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private Process start(List<String> op) throws Exception {
    if (op.get(0).equals("pull") && !Files.exists(Path.of(op.get(1), "config"))) {
      Repo.init(Path.of(op.get(1)), RepoMode.BARE_USER);
    }
    var cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        StoreDriver.class.getName()));
    cmd.addAll(op);
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }
}
