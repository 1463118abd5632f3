package dev.caisson.deploy.esp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.deploy.EspDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EspMountTest {
  @TempDir Path host;

  private Optional<EspDirectory> find(String mounts) throws Exception {
    Path table = host.resolve("mounts");
    Files.writeString(table, mounts);
    return new EspMount(table, host).find();
  }

  @Test
  void aVfatOnEfiWithALoaderIsTheEsp() throws Exception {
    Files.createDirectories(host.resolve("efi/loader/entries"));
    assertThat(find("/dev/vda2 / ext4 rw 0 0\n/dev/vda1 /efi vfat rw,relatime 0 0\n"))
        .contains(new EspDirectory(host.resolve("efi")));
  }

  @Test
  void theAutomountSystemdSetsUpCountsAndBootEfiIsSecondChoice() throws Exception {
    Files.createDirectories(host.resolve("boot/efi/EFI/BOOT"));
    assertThat(find("systemd-1 /boot/efi autofs rw 0 0\n")).contains(new EspDirectory(host.resolve("boot/efi")));
    Files.createDirectories(host.resolve("efi/EFI"));
    assertThat(find("systemd-1 /boot/efi autofs rw 0 0\n/dev/vda1 /efi vfat rw 0 0\n"))
        .contains(new EspDirectory(host.resolve("efi")));
  }

  @Test
  void notAVfatOrAnEmptyMountIsNoEsp() throws Exception {
    Files.createDirectories(host.resolve("efi/loader"));
    assertThat(find("/dev/vda3 /efi ext4 rw 0 0\n")).isEmpty();
    Files.createDirectories(host.resolve("boot/efi"));
    assertThat(find("/dev/vda1 /boot/efi vfat rw 0 0\n")).isEmpty();
  }

  @Test
  void onlyTheBootedRealRootLooksForOne() {
    assertThat(EspMount.forBooted(host, Optional.of("/ostree/boot.1/caisson/x/0"))).isEmpty();
    assertThat(EspMount.forBooted(Path.of("/"), Optional.empty())).isEmpty();
  }
}
