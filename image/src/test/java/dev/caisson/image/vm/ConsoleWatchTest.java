package dev.caisson.image.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleWatchTest {
  @TempDir Path tmp;

  private ConsoleWatch.Outcome watch(String log, long from, boolean alive) throws Exception {
    Path f = tmp.resolve("serial.log");
    Files.writeString(f, log);
    return new ConsoleWatch(f, from, 0).await(Duration.ofMinutes(5), l -> { }, () -> alive);
  }

  @Test
  void theMarkerMeansUp() throws Exception {
    var echoed = new ArrayList<String>();
    Path f = tmp.resolve("serial.log");
    Files.writeString(f, "[ 1.0] booting\r\nCAISSON-READY uptime=20.1\r\n");
    var o = new ConsoleWatch(f, 0, 0).await(Duration.ofMinutes(5), echoed::add, () -> true);
    assertThat(o).isInstanceOf(ConsoleWatch.Ready.class);
    assertThat(((ConsoleWatch.Ready) o).how()).isEqualTo("console marker");
    assertThat(echoed).containsExactly("[ 1.0] booting", "CAISSON-READY uptime=20.1");
  }

  @Test
  void aProvisioningFailureIsReportedWithItsLine() throws Exception {
    var o = watch("x\nCAISSON-PROVISION-FAILED: storage.files[0]: hash mismatch\n", 0, true);
    assertThat(o).isInstanceOf(ConsoleWatch.ProvisionFailed.class);
    assertThat(((ConsoleWatch.ProvisionFailed) o).line())
        .isEqualTo("CAISSON-PROVISION-FAILED: storage.files[0]: hash mismatch");
  }

  @Test
  void anEarlierBootsMarkerBeforeTheOffsetDoesNotCountAndAnExitShowsTheLastLines() throws Exception {
    String old = "CAISSON-READY uptime=1\n";
    var o = watch(old + "kernel panic\nend\n", old.length(), false);
    assertThat(o).isInstanceOf(ConsoleWatch.Exited.class);
    assertThat(o.tail()).containsExactly("kernel panic", "end");
  }

  @Test
  void theKernelsRebootLineTellsARebootFromAPowerOff() throws Exception {
    Path f = tmp.resolve("serial.log");
    Files.writeString(f, "[  9.1] reboot: Restarting system\n[ 20.0] reboot: Power down\n");
    assertThat(VmSupervisor.rebootedSince(f, 0)).isTrue();
    assertThat(VmSupervisor.rebootedSince(f, Files.size(f) - 30)).isFalse();
  }
}
