package dev.caisson.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.deploy.boot.BlsEntry;
import dev.caisson.deploy.boot.BootMenu;
import dev.caisson.deploy.boot.KernelArgsOf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs deploy, rollback, cleanup and finalize-staged at random points. After every kill the
 * default boot entry must name a complete deployment (judged by the boot menu model and the real
 * {@code ostree admin status}), and the interrupted operation must complete when run again.
 */
class SysrootCrashTest {
  static final int KILLS = Integer.getInteger("caisson.crash.kills", 200);

  @TempDir Path tmp;

  private String commit(Path root, String ref, String version) throws Exception {
    Path tree = tmp.resolve("tree-" + version);
    Files.createDirectories(tree.resolve("usr/lib/modules/6.1.0"));
    Files.createDirectories(tree.resolve("usr/etc/many"));
    Files.writeString(tree.resolve("usr/lib/modules/6.1.0/vmlinuz"), "kernel " + version);
    Files.writeString(tree.resolve("usr/lib/modules/6.1.0/initramfs.img"), "initramfs " + version);
    for (int i = 0; i < 300; i++) {
      Files.writeString(tree.resolve("usr/etc/many/f" + i), version + " " + i);
    }
    return RealOstree.run(tmp, "--repo=" + root.resolve("ostree/repo"), "commit", "-b", ref, "--tree=dir=" + tree,
        "--add-metadata-string=version=" + version).strip();
  }

  @Test
  void killedOperationsNeverLeaveAnUnbootableSysroot() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("sysroot"));
    Path run = tmp.resolve("run");
    RealOstree.run(tmp, "admin", "init-fs", root.toString());
    RealOstree.run(tmp, "admin", "os-init", "--sysroot=" + root, "caisson");
    commit(root, "a", "1.0");
    commit(root, "b", "2.0");
    SysrootDriver.open(root, run).deploy(DeployRequest.of("caisson", "a").withTries(0));

    List<List<String>> ops = List.of(List.of("deploy", "b"), List.of("rollback"), List.of("stage-finalize", "a"),
        List.of("cleanup"), List.of("deploy", "a"), List.of("stage-finalize", "b"));
    long full = timeOne(root, run, ops.get(0));
    long seed = Long.getLong("caisson.crash.seed", System.nanoTime());
    var random = new Random(seed);
    int kills = 0;
    int iterations = 0;
    var killedDuring = new ArrayList<String>();
    while (kills < KILLS && iterations < KILLS * 3) {
      List<String> op = ops.get(iterations % ops.size());
      iterations++;
      Process p = start(root, run, op);
      Thread.sleep(random.nextInt((int) Math.max(50, full)));
      boolean alive = p.isAlive();
      var children = p.descendants().toList();
      p.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
      p.waitFor(30, TimeUnit.SECONDS);
      if (alive) {
        kills++;
        killedDuring.add(op.get(0));
      }
      assertBootable(root, "after killing " + op + " (iteration " + iterations + ", seed " + seed + ")");
      // the next command completes
      Sysroot again = SysrootDriver.open(root, run);
      switch (op.get(0)) {
        case "deploy" -> again.deploy(DeployRequest.of("caisson", op.get(1)).withTries(0));
        case "stage-finalize" -> {
          again.deploy(DeployRequest.of("caisson", op.get(1)).withFlags(false, false, true));
          again.finalizeStaged();
        }
        case "rollback" -> new SysrootEdits(again).rollback();
        default -> again.cleanup();
      }
      assertBootable(root, "after re-running " + op);
    }
    assertThat(kills).as("kills of a running operation").isGreaterThanOrEqualTo(KILLS);
    assertThat(killedDuring).contains("deploy", "rollback", "stage-finalize", "cleanup");
  }

  private long timeOne(Path root, Path run, List<String> op) throws Exception {
    long t0 = System.nanoTime();
    Process p = start(root, run, op);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static Process start(Path root, Path run, List<String> op) throws Exception {
    var cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        SysrootDriver.class.getName(), root.toString(), run.toString()));
    cmd.addAll(op);
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  private static void assertBootable(Path root, String when) throws Exception {
    var layout = new SysrootLayout(root);
    BootMenu.Item chosen = new BootMenu(layout.entries(layout.bootversion())).chosen().orElseThrow(
        () -> new AssertionError("no boot entry " + when));
    Path deployment = root.resolve(KernelArgsOf.ostreeArg(chosen.entry()).substring(1)).toRealPath();
    assertThat(deployment.resolve("usr/lib/modules/6.1.0/vmlinuz")).as(when).isRegularFile();
    assertThat(deployment.resolve("etc/many/f299")).as(when).isRegularFile();
    assertThat(deployment.resolveSibling(deployment.getFileName() + ".origin")).as(when).isRegularFile();
    BlsEntry e = chosen.entry();
    assertThat(layout.boot().resolve(e.get("linux").substring(1))).as(when).isRegularFile();
    assertThat(layout.boot().resolve(e.get("initrd").substring(1))).as(when).isRegularFile();
    String status = RealOstree.run(root, "admin", "status", "--sysroot=" + root);
    assertThat(status).as(when).contains(deployment.getFileName().toString());
  }
}
