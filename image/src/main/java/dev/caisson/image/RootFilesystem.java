package dev.caisson.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The root filesystem: ext4 made by {@code mke2fs -d SYSROOT -E offset=} straight into the root
 * partition's byte range of the disk file. Hard links between regular files survive, so the
 * deployment keeps sharing inodes with the repo objects. Reproducible: a fixed UUID and hash
 * seed, and {@code E2FSPROGS_FAKE_TIME} (e2fsprogs 1.47 ignores SOURCE_DATE_EPOCH).
 */
final class RootFilesystem {
  private final Tools tools;

  RootFilesystem(Tools tools) {
    this.tools = tools;
  }

  void write(Path sysroot, Path disk, long offset, long bytes, UUID uuid, long epochSeconds) throws IOException {
    tools.require("mke2fs", "e2fsprogs");
    Times.set(sysroot, epochSeconds);
    tools.run(Map.of("E2FSPROGS_FAKE_TIME", String.valueOf(epochSeconds)), List.of("mke2fs", "-q", "-F", "-t", "ext4",
        "-L", ImageSpec.ROOT_LABEL, "-U", uuid.toString(), "-E", "offset=" + offset + ",hash_seed=" + uuid,
        "-d", sysroot.toString(), disk.toString(), (bytes / 1024) + "k"));
  }
}
