package dev.caisson.image.vm;

/** How the VM's kernel is started. */
public enum BootMode {
  /** OVMF firmware, systemd-boot from the ESP; systemd-boot counts boots on the ESP. */
  UEFI,
  /**
   * QEMU loads the kernel and initramfs of the entry we pick from the image's ext4 /boot; we act as
   * the boot loader, boot counting included (see {@link DirectBoot}).
   */
  DIRECT
}
