package dev.caisson.image.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmDirTest {
  @TempDir Path tmp;

  @Test
  void thisProcessRunsWhileItsPidFileIsRewrittenUnderAReader() throws Exception {
    // vm run polls running() while the supervisor (re)writes its pid file: a reader must never see
    // the file empty, which once made vm run report "QEMU exited" for a VM that was starting
    VmDir dir = new VmDir(Files.createDirectories(tmp.resolve("vm")));
    long me = ProcessHandle.current().pid();
    dir.writePid(dir.supervisorPid(), me);
    var stop = new AtomicBoolean();
    var misses = new AtomicInteger();
    var reads = new AtomicInteger();
    Thread reader = new Thread(() -> {
      while (!stop.get()) {
        reads.incrementAndGet();
        if (!dir.running()) {
          misses.incrementAndGet();
        }
      }
    });
    reader.start();
    for (int i = 0; i < 3000; i++) {
      dir.writePid(dir.supervisorPid(), me);
    }
    stop.set(true);
    reader.join();
    assertThat(reads.get()).isPositive();
    assertThat(misses.get()).isZero();
    assertThat(dir.readPid(dir.supervisorPid())).contains(me);
    try (var s = Files.list(dir.root())) {
      assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly(
          dir.supervisorPid().getFileName().toString());
    }
  }
}
