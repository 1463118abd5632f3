package dev.caisson.image.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.image.ImageBuilder;
import dev.caisson.image.ImageListener;
import dev.caisson.image.ImageSpec;
import dev.caisson.image.Tools;
import dev.caisson.store.CommitWriter;
import dev.caisson.store.Repo;
import dev.caisson.store.RepoMode;
import dev.caisson.store.StoreListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real proof: an image of a bootable Debian tree (made by {@code src/test/fixture/bootable-tree.sh},
 * cached in ~/.cache/caisson/fixture; about 6 minutes the first time) boots in QEMU to the
 * {@code CAISSON-READY} marker, with direct kernel boot and with UEFI (OVMF, systemd-boot), under
 * TCG. Boot-to-marker seconds go to target/boot-times.txt. Slow (one to two minutes per boot under
 * emulation), so it runs only with {@code -Dcaisson.boot=true}; the lead decides which boots CI runs.
 */
@EnabledIfSystemProperty(named = "caisson.boot", matches = "true")
class QemuBootTest {
  @TempDir static Path tmp;
  static Path image;
  static final Tools TOOLS = new Tools();

  @BeforeAll
  static void image() throws Exception {
    Path root = Path.of(System.getProperty("caisson.root", "."));
    String env = System.getenv("CAISSON_FIXTURE_CACHE");
    Path cache = env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache/caisson/fixture");
    TOOLS.run(List.of("bash", root.resolve("image/src/test/fixture/bootable-tree.sh").toString(), cache.toString()));
    Path repo = tmp.resolve("repo");
    var opts = new CommitWriter.Options(Optional.of(ImageSpec.DEFAULT_REF), "fixture", "", Optional.empty(),
        Optional.of(1_796_083_200L), List.of(Map.entry("version",
            dev.caisson.store.gvariant.GVariant.Variant.of("s", "1.0"))), true, Optional.empty(), Optional.empty(),
        false).withBootable(true);
    new CommitWriter(Repo.init(repo, RepoMode.BARE_USER).withFsync(false), StoreListener.SILENT)
        .commit(cache.resolve("tree"), opts);
    image = tmp.resolve("disk.img");
    new ImageBuilder(TOOLS, ImageListener.SILENT, Path.of("/"))
        .build(ImageSpec.of(repo, ImageSpec.DEFAULT_REF, image).withSize(4L << 30));
  }

  /** Each test boots its own sparse copy of the image, so their counters do not meet. */
  private static Path copy(String name) throws Exception {
    Path disk = tmp.resolve(name + ".img");
    TOOLS.run(List.of("cp", "--sparse=always", image.toString(), disk.toString()));
    return disk;
  }

  private double bootToMarker(String name, BootMode mode) throws Exception {
    return bootToMarker(name, mode, copy(name), Optional.empty(), 1);
  }

  /** Boots until the {@code markers}th CAISSON-READY; returns the seconds to the first. */
  private double bootToMarker(String name, BootMode mode, Path disk, Optional<Path> config, int markers)
      throws Exception {
    VmDir dir = new VmDir(Files.createDirectories(tmp.resolve("vms").resolve(name)));
    Files.createFile(dir.serialLog());
    var spec = new VmSpec(name, disk, config, List.of(), 2048, 2, mode, 0);
    SpecFile.write(spec, dir.spec(), List.of("rcupdate.rcu_cpu_stall_suppress=1"));
    var supervisor = new VmSupervisor(TOOLS, Accel.detect(Path.of("/dev/kvm")), Path.of("/usr/share/OVMF"));
    CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> {
      try {
        return supervisor.run(dir);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      var outcome = new ConsoleWatch(dir.serialLog(), 0, 0).await(Duration.ofMinutes(6), l -> { }, () -> !run.isDone());
      assertThat(outcome).as(String.join("\n", outcome.tail())).isInstanceOf(ConsoleWatch.Ready.class);
      double s = ((ConsoleWatch.Ready) outcome).seconds();
      for (int m = 2; m <= markers; m++) {
        // the next boot's console starts after the previous QEMU exited
        String boot = "boot " + m + " ";
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!(Files.exists(dir.boots()) && Files.readString(dir.boots()).contains(boot))) {
          assertThat(System.nanoTime()).as("no " + boot + "in " + dir.boots()).isLessThan(deadline);
          Thread.sleep(200);
        }
        var next = new ConsoleWatch(dir.serialLog(), Files.size(dir.serialLog()), 0)
            .await(Duration.ofMinutes(6), l -> { }, () -> !run.isDone());
        assertThat(next).as(String.join("\n", next.tail())).isInstanceOf(ConsoleWatch.Ready.class);
      }
      Files.writeString(Path.of("target/boot-times.txt"), name + " " + mode + " " + Accel.detect(Path.of("/dev/kvm"))
          + " " + String.format("%.1f", s) + " s to CAISSON-READY\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      return s;
    } finally {
      new VmControl(tmp.resolve("vms")).stop(dir, Duration.ofSeconds(10));
      run.join();
    }
  }

  @Test
  void directBootReachesTheMarkerHavingUsedOneTry() throws Exception {
    assertThat(bootToMarker("direct", BootMode.DIRECT)).isPositive();
    String boots = Files.readString(tmp.resolve("vms/direct").resolve("boots.log"));
    assertThat(boots).contains("direct ostree-1-caisson+3.conf -> ostree-1-caisson+2-1.conf");
  }

  /**
   * Rollback without UEFI, in QEMU: a newer entry with one try (same deployment, as a failed update
   * would leave it) boots first; the guest reboots without blessing it; the supervisor then picks
   * the older entry, as systemd-boot would.
   */
  @Test
  void underDirectBootAnUnblessedEntryOutOfTriesRollsBackAfterTheGuestReboots() throws Exception {
    Path disk = copy("rollback");
    ImageRootFs fs = ImageRootFs.open(TOOLS, disk);
    String entries = fs.entriesDir();
    String one = fs.readString(entries + "/ostree-1-caisson+3.conf");
    Path two = tmp.resolve("ostree-2-caisson+1.conf");
    Files.writeString(two, one.replace("(ostree:0)", "(ostree:0) update").replace("version 1", "version 2"));
    TOOLS.run(List.of("debugfs", "-w", "-R", "write " + two + " " + entries + "/" + two.getFileName(), fs.device()));
    Path config = tmp.resolve("reboot-once.txt");
    Files.writeString(config, "caisson-test: reboot-once\n");
    bootToMarker("rollback", BootMode.DIRECT, disk, Optional.of(config), 2);
    String boots = Files.readString(tmp.resolve("vms/rollback").resolve("boots.log"));
    assertThat(boots).contains("boot 1 direct ostree-2-caisson+1.conf -> ostree-2-caisson+0-1.conf")
        .contains("boot 2 direct ostree-1-caisson+3.conf -> ostree-1-caisson+2-1.conf");
    assertThat(fs.list(entries)).containsExactlyInAnyOrder("ostree-1-caisson+2-1.conf", "ostree-2-caisson+0-1.conf");
  }

  @Test
  void uefiBootReachesTheMarkerAndSystemdBootCountsOnTheEsp() throws Exception {
    assertThat(bootToMarker("uefi", BootMode.UEFI)).isPositive();
    String entries = TOOLS.run(Map.of("MTOOLS_SKIP_CHECK", "1"), List.of("mdir", "-b", "-i", tmp.resolve("uefi.img") + "@@1M",
        "::/loader/entries"));
    // systemd-boot renamed +3 to +2-1 before booting; systemd-bless-boot may have blessed it since
    assertThat(entries.trim()).isIn("::/loader/entries/ostree-1-caisson+2-1.conf",
        "::/loader/entries/ostree-1-caisson.conf");
  }
}
