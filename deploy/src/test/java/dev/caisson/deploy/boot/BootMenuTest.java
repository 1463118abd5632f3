package dev.caisson.deploy.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootMenuTest {
  @TempDir Path entries;

  private void entry(String file, int version) throws IOException {
    Files.writeString(entries.resolve(file), "title Caisson (ostree:0)\nversion " + version + "\n");
  }

  @Test
  void newestIdFirst() throws IOException {
    entry("ostree-1-caisson.conf", 1);
    entry("ostree-2-caisson.conf", 2);
    entry("ostree-10-caisson.conf", 10);
    assertThat(new BootMenu(entries).items()).extracting(BootMenu.Item::id)
        .containsExactly("ostree-10-caisson", "ostree-2-caisson", "ostree-1-caisson");
  }

  @Test
  void countsTriesDownAndFallsBackWhenTheyRunOut() throws IOException {
    entry("ostree-1-caisson.conf", 1);
    entry("ostree-2-caisson+3.conf", 2);
    var menu = new BootMenu(entries);

    assertThat(menu.attempt().orElseThrow().file().getFileName()).hasToString("ostree-2-caisson+2-1.conf");
    assertThat(menu.attempt().orElseThrow().file().getFileName()).hasToString("ostree-2-caisson+1-2.conf");
    assertThat(menu.attempt().orElseThrow().file().getFileName()).hasToString("ostree-2-caisson+0-3.conf");
    // no tries left: the entry sorts last and the previous deployment boots
    assertThat(menu.attempt().orElseThrow().id()).isEqualTo("ostree-1-caisson");
    assertThat(menu.items().get(1).bad()).isTrue();
  }

  @Test
  void blessingStripsTheCounter() throws IOException {
    entry("ostree-1-caisson.conf", 1);
    entry("ostree-2-caisson+3.conf", 2);
    var menu = new BootMenu(entries);
    menu.attempt();
    menu.bless("ostree-2-caisson");
    assertThat(entries.resolve("ostree-2-caisson.conf")).exists();
    assertThat(menu.attempt().orElseThrow().file().getFileName()).hasToString("ostree-2-caisson.conf");
  }

  @Test
  void markBadSendsTheNextBootToThePrevious() throws IOException {
    entry("ostree-1-caisson.conf", 1);
    entry("ostree-2-caisson+2-1.conf", 2);
    var menu = new BootMenu(entries);
    menu.markBad("ostree-2-caisson");
    assertThat(entries.resolve("ostree-2-caisson+0-1.conf")).exists();
    assertThat(menu.chosen().orElseThrow().id()).isEqualTo("ostree-1-caisson");
  }

  @Test
  void counterParsing() {
    assertThat(BootCounter.split("a+3.conf").counter()).contains(new BootCounter(3, 0));
    assertThat(BootCounter.split("a+2-1.conf").counter()).contains(new BootCounter(2, 1));
    assertThat(BootCounter.split("a-b.conf").counter()).isEmpty();
    assertThat(BootCounter.split("a+x.conf").id()).isEqualTo("a+x");
    assertThat(new BootCounter.Split("a", java.util.Optional.of(new BootCounter(2, 1))).fileName())
        .isEqualTo("a+2-1.conf");
  }

  @Test
  void versionOrderFollowsSystemd() {
    var order = new VersionOrder();
    assertThat(order.compare("ostree-10", "ostree-9")).isPositive();
    assertThat(order.compare("1.0~rc1", "1.0")).isNegative();
    assertThat(order.compare("abc", "abc")).isZero();
    assertThat(order.compare("a1", "a01")).isZero();
    assertThat(order.compare("1.2", "1.2.1")).isNegative();
  }

  @Test
  void blsEntryRoundTripsOstreeText() {
    String text = "title Caisson Test (ostree:1)\nversion 1\noptions root=LABEL=root quiet ostree=/ostree/boot.0/caisson/ab/1\n"
        + "linux /ostree/caisson-ab/vmlinuz-6.1.0\ninitrd /ostree/caisson-ab/initramfs-6.1.0.img\n";
    BlsEntry e = BlsEntry.parse(text);
    assertThat(e.render()).isEqualTo(text);
    assertThat(e.get("options")).endsWith("/1");
    assertThat(e.with("version", "3").get("version")).isEqualTo("3");
  }
}
