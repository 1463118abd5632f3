package dev.caisson.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KernelModulesTest {
  // modules.dep lists each module's dependencies, the one to load first last
  static final String DEP = """
      kernel/fs/ext4/ext4.ko: kernel/lib/crc16.ko kernel/fs/mbcache.ko kernel/fs/jbd2/jbd2.ko
      kernel/fs/mbcache.ko:
      kernel/fs/jbd2/jbd2.ko:
      kernel/lib/crc16.ko:
      kernel/crypto/crc32c_generic.ko:
      kernel/arch/x86/crypto/crc32c-intel.ko:
      kernel/drivers/block/virtio_blk.ko: kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
      kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_pci_modern_dev.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko
      kernel/drivers/virtio/virtio_pci_modern_dev.ko:
      kernel/drivers/virtio/virtio.ko:
      kernel/drivers/virtio/virtio_ring.ko:
      kernel/sound/snd.ko:
      """;
  static final String SOFTDEP = "# comment\nsoftdep ext4 pre: crc32c_generic\n";

  final KernelModules km = new KernelModules(DEP, SOFTDEP);

  @Test
  void loadOrderPutsDependenciesFirst() throws Exception {
    List<String> order = km.loadOrder(List.of("virtio_pci", "virtio_blk", "ext4", "crc32c-intel"), Set.of());
    assertThat(order).containsExactly(
        "kernel/drivers/virtio/virtio_ring.ko", "kernel/drivers/virtio/virtio.ko",
        "kernel/drivers/virtio/virtio_pci_modern_dev.ko", "kernel/drivers/virtio/virtio_pci.ko",
        "kernel/drivers/block/virtio_blk.ko",
        "kernel/crypto/crc32c_generic.ko", "kernel/fs/jbd2/jbd2.ko", "kernel/fs/mbcache.ko", "kernel/lib/crc16.ko",
        "kernel/fs/ext4/ext4.ko", "kernel/arch/x86/crypto/crc32c-intel.ko");
  }

  @Test
  void builtInNamesAreSkippedAndUnknownOnesRefused() throws Exception {
    assertThat(km.loadOrder(List.of("qemu_fw_cfg", "virtio"), Set.of("qemu_fw_cfg")))
        .containsExactly("kernel/drivers/virtio/virtio.ko");
    assertThatThrownBy(() -> km.loadOrder(List.of("nosuch"), Set.of()))
        .hasMessageContaining("kernel module nosuch is neither a module nor built in");
  }

  @Test
  void keepAddsHardAndSoftDependencies() {
    assertThat(km.keep(List.of("kernel/fs/ext4"))).containsExactlyInAnyOrder("kernel/fs/ext4/ext4.ko",
        "kernel/lib/crc16.ko", "kernel/fs/mbcache.ko", "kernel/fs/jbd2/jbd2.ko", "kernel/crypto/crc32c_generic.ko");
    assertThat(km.keep(List.of("kernel/drivers/block/virtio_blk.ko"))).hasSize(3)
        .doesNotContain("kernel/sound/snd.ko");
  }

  @Test
  void names() {
    assertThat(KernelModules.name("kernel/arch/x86/crypto/crc32c-intel.ko")).isEqualTo("crc32c_intel");
    assertThat(KernelModules.name("kernel/fs/ext4/ext4.ko.xz")).isEqualTo("ext4");
  }
}
