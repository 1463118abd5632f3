package dev.caisson.image;

import java.io.IOException;
import java.nio.file.Path;

/** {@link SmallOs} for tests in other packages. */
public final class SmallOsAccess {
  private SmallOsAccess() {}

  public static void commit(Path repo, Path scratch) throws IOException {
    SmallOs.commit(repo, scratch, true);
  }

  public static byte[] kernel() {
    return SmallOs.bytes("kernel", 300_000);
  }

  public static byte[] initramfs() {
    return SmallOs.bytes("initramfs", 200_000);
  }
}
