package dev.caisson.provision;

/**
 * Where the config comes from when {@code --config} is not given, as Ignition's {@code --platform}.
 * {@link #AUTO} (no {@code --platform}) tries fw_cfg, then the kernel command line.
 */
public enum Platform {
  AUTO,
  /** {@code --config} is required. */
  FILE,
  /** QEMU's fw_cfg ({@code opt/com.coreos/config}). */
  QEMU,
  /** {@code ignition.config.url=} on the kernel command line. */
  METAL
}
