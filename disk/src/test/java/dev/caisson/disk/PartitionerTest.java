package dev.caisson.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Ignition's partition rules, on tables in memory. A 1 GiB disk: usable sectors 34..2097118. */
class PartitionerTest {
  static final long SECTORS = 1024L * 2048;
  static final long LAST = SECTORS - 34;
  static final Guid G1 = Guid.parse("11111111-1111-4111-8111-111111111111");
  static final Guid SWAP = Guid.parse("0657FD6D-A4AB-43C4-84E5-0933C84B4F4F");

  final Partitioner partitioner = new Partitioner(new Random(1));

  private PartitionPlan plan(Optional<GptTable> existing, boolean wipe, PartitionSpec... parts) throws Exception {
    return partitioner.plan(new DiskSpec("storage.disks[0]", "/dev/vda", wipe, List.of(parts)), existing, 512,
        SECTORS);
  }

  private static Optional<GptTable> existing(PartitionEntry... e) {
    return Optional.of(new GptTable(Guid.parse("22222222-2222-4222-8222-222222222222"), 512, SECTORS, List.of(e)));
  }

  private static PartitionEntry entry(int n, String name, long firstMiB, long sizeMiB) {
    return new PartitionEntry(n, Guid.LINUX_FILESYSTEM, Guid.parse(String.format("%08d-0000-4000-8000-000000000000",
        n)), firstMiB * 2048, (firstMiB + sizeMiB) * 2048 - 1, 0, name);
  }

  @Test
  void startAndSizeDefaultToTheLargestFreeBlockAlignedToOneMiB() throws Exception {
    PartitionPlan p = plan(Optional.empty(), false, PartitionSpec.of(1, "a").withSizeMiB(100),
        PartitionSpec.of(2, "b").withStartMiB(0).withSizeMiB(0));
    PartitionEntry a = p.after().entry(1).orElseThrow();
    PartitionEntry b = p.after().entry(2).orElseThrow();
    assertThat(a.firstLba()).isEqualTo(2048);
    assertThat(a.sectors()).isEqualTo(100 * 2048);
    assertThat(b.firstLba()).isEqualTo(101 * 2048);
    assertThat(b.lastLba()).isEqualTo(LAST);
    assertThat(a.type()).isEqualTo(Guid.LINUX_FILESYSTEM);
    assertThat(a.guid()).isNotEqualTo(b.guid());
  }

  @Test
  void startZeroPicksTheLargestFreeBlockNotTheFirst() throws Exception {
    // existing: 1 at 1..10 MiB, 2 at 20..30 MiB; free: 10..20 MiB (small) and 30 MiB..end (largest)
    PartitionPlan p = plan(existing(entry(1, "a", 1, 9), entry(2, "b", 20, 10)), false,
        PartitionSpec.of(3, "c").withStartMiB(0).withSizeMiB(5));
    assertThat(p.after().entry(3).orElseThrow().firstLba()).isEqualTo(30 * 2048);
  }

  @Test
  void numberZeroTakesTheFirstFreeNumberAfterTheNumberedOnes() throws Exception {
    PartitionPlan p = plan(existing(entry(2, "b", 20, 10)), false, PartitionSpec.of(0, "z").withSizeMiB(10),
        PartitionSpec.of(1, "a").withSizeMiB(10), PartitionSpec.of(2, "b"));
    assertThat(p.after().entries()).extracting(PartitionEntry::number, PartitionEntry::name)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "a"), org.assertj.core.groups.Tuple.tuple(2, "b"),
            org.assertj.core.groups.Tuple.tuple(3, "z"));
    assertThat(p.after().entry(3).orElseThrow().firstLba()).isEqualTo(30 * 2048); // the largest free block
    assertThat(p.changes()).extracting(c -> c.getClass().getSimpleName())
        .containsExactly("Create", "Keep", "Create");
  }

  @Test
  void anExistingMatchingPartitionIsKept() throws Exception {
    Optional<GptTable> t = existing(entry(1, "boot", 1, 384));
    PartitionPlan p = plan(t, false, PartitionSpec.of(1, "boot").withSizeMiB(384).withTypeGuid(Guid.LINUX_FILESYSTEM)
        .withGuid(t.get().entries().get(0).guid()));
    assertThat(p.changes()).containsExactly(new PartitionChange.Keep(t.get().entries().get(0)));
    assertThat(p.changesTable()).isFalse();
    assertThat(p.after()).isEqualTo(t.get());
  }

  @Test
  void aLabelOnlyPartitionMatchesTheExistingOneWithThatLabel() throws Exception {
    Optional<GptTable> t = existing(entry(1, "esp", 1, 10), entry(2, "root", 11, 100));
    PartitionPlan p = plan(t, false, PartitionSpec.of(0, "root").withSizeMiB(100));
    assertThat(p.changes()).containsExactly(new PartitionChange.Keep(t.get().entry(2).orElseThrow()));
  }

  @Test
  void sizeZeroOnAnExistingPartitionThatFillsTheDiskMatches() throws Exception {
    Optional<GptTable> t = existing(entry(1, "esp", 1, 10),
        new PartitionEntry(2, Guid.LINUX_FILESYSTEM, G1, 11 * 2048, LAST, 0, "root"));
    PartitionPlan p = plan(t, false, PartitionSpec.of(1, "esp").withSizeMiB(10),
        PartitionSpec.of(2, "root").withSizeMiB(0));
    assertThat(p.changesTable()).isFalse();
  }

  @Test
  void aMismatchFailsNamingTheEntry() throws Exception {
    Optional<GptTable> t = existing(entry(1, "esp", 1, 10), entry(2, "root", 11, 100));
    assertThatThrownBy(() -> plan(t, false, PartitionSpec.of(1, "esp"), PartitionSpec.of(2, "root").withSizeMiB(200)))
        .isInstanceOf(DiskException.class)
        .hasMessageStartingWith("storage.disks[0].partitions[1]: partition 2 on /dev/vda does not match the config: "
            + "size did not match (specified 409600 sectors, got 204800)")
        .hasMessageContaining("resize");
    assertThatThrownBy(() -> plan(t, false, PartitionSpec.of(1, "esp"), PartitionSpec.of(2, "var")))
        .hasMessageContaining("storage.disks[0].partitions[1]")
        .hasMessageContaining("label did not match (specified \"var\", got \"root\")");
    assertThatThrownBy(() -> plan(t, false, PartitionSpec.of(2, "root").withTypeGuid(SWAP)))
        .hasMessageContaining("storage.disks[0].partitions[0]").hasMessageContaining("type GUID did not match");
  }

  @Test
  void resizeGrowsAndShrinksKeepingStartAndGuids() throws Exception {
    Optional<GptTable> t = existing(entry(1, "esp", 1, 10), entry(2, "root", 11, 100));
    PartitionPlan grow = plan(t, false, PartitionSpec.of(2, "root").withSizeMiB(0).withResize(true));
    PartitionEntry g = grow.after().entry(2).orElseThrow();
    assertThat(g.firstLba()).isEqualTo(11 * 2048);
    assertThat(g.lastLba()).isEqualTo(LAST);
    assertThat(g.guid()).isEqualTo(t.get().entry(2).orElseThrow().guid());
    assertThat(grow.changes()).singleElement().isInstanceOf(PartitionChange.Resize.class);
    PartitionPlan shrink = plan(t, false, PartitionSpec.of(2, "root").withSizeMiB(50).withResize(true));
    assertThat(shrink.after().entry(2).orElseThrow().sectors()).isEqualTo(50 * 2048);
    // resize does not excuse another start
    assertThatThrownBy(() -> plan(t, false, PartitionSpec.of(2, "root").withStartMiB(12).withSizeMiB(50)
        .withResize(true))).hasMessageContaining("starting sector did not match");
  }

  @Test
  void shouldExistFalseDeletesOnlyWithWipePartitionEntry() throws Exception {
    Optional<GptTable> t = existing(entry(1, "esp", 1, 10), entry(2, "root", 11, 100));
    assertThatThrownBy(() -> plan(t, false, PartitionSpec.of(2, null).withShouldExist(false)))
        .hasMessageContaining("storage.disks[0].partitions[0]: partition 2 exists but shouldExist is false");
    PartitionPlan p = plan(t, false, PartitionSpec.of(2, null).withShouldExist(false).withWipePartitionEntry(true),
        PartitionSpec.of(5, null).withShouldExist(false));
    assertThat(p.after().entries()).extracting(PartitionEntry::number).containsExactly(1);
    assertThat(p.changes().get(1)).isInstanceOf(PartitionChange.Absent.class);
  }

  @Test
  void wipePartitionEntryRecreatesAMismatch() throws Exception {
    Optional<GptTable> t = existing(entry(1, "esp", 1, 10), entry(2, "root", 11, 100));
    PartitionPlan p = plan(t, false, PartitionSpec.of(2, "var").withSizeMiB(20).withWipePartitionEntry(true));
    PartitionEntry e = p.after().entry(2).orElseThrow();
    assertThat(e.name()).isEqualTo("var");
    assertThat(e.sectors()).isEqualTo(20 * 2048);
    assertThat(e.firstLba()).isEqualTo(11 * 2048); // start 0: the largest free block once 2 is gone
    assertThat(p.changes()).singleElement().isInstanceOf(PartitionChange.Recreate.class);
  }

  @Test
  void wipeTableStartsFromAnEmptyTable() throws Exception {
    Optional<GptTable> t = existing(entry(1, "esp", 1, 10), entry(2, "root", 11, 100));
    PartitionPlan p = plan(t, true, PartitionSpec.of(1, "new").withSizeMiB(20));
    assertThat(p.after().entries()).extracting(PartitionEntry::name).containsExactly("new");
    assertThat(p.after().diskGuid()).isNotEqualTo(t.get().diskGuid());
    assertThat(p.changes()).singleElement().isInstanceOf(PartitionChange.Create.class);
  }

  @Test
  void aPartitionThatDoesNotFitFailsClearly() throws Exception {
    assertThatThrownBy(() -> plan(Optional.empty(), false, PartitionSpec.of(1, "a").withSizeMiB(600),
        PartitionSpec.of(2, "b").withSizeMiB(600)))
        .hasMessageContaining("storage.disks[0].partitions[1]: partition 2 needs 600 MiB")
        .hasMessageContaining("MiB are free there");
    assertThatThrownBy(() -> plan(existing(entry(1, "a", 1, 10)), false, PartitionSpec.of(2, "b").withStartMiB(5)))
        .hasMessageContaining("start sector 10240 is not free");
  }
}
