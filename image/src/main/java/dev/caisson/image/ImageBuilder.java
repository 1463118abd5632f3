package dev.caisson.image;

import dev.caisson.store.Commit;
import dev.caisson.store.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code caisson image build}: deploys a commit into a fresh sysroot with our deploy code and
 * writes a GPT disk image from it with no mounts: ESP (systemd-boot, BLS entries with boot
 * counters, kernels) and an ext4 root filesystem holding the sysroot. The output appears whole or
 * not at all: everything is built beside it and renamed into place.
 */
public final class ImageBuilder {
  private final Tools tools;
  private final ImageListener listener;
  private final Path hostRoot;

  /** @param hostRoot where the host's systemd-boot is looked for when the commit has none ({@code /}) */
  public ImageBuilder(Tools tools, ImageListener listener, Path hostRoot) {
    this.tools = tools;
    this.listener = listener;
    this.hostRoot = hostRoot;
  }

  /** What was built. */
  public record Result(Path image, String commit, DiskLayout layout, String defaultEntry, long seconds) {}

  public Result build(ImageSpec spec) throws IOException {
    long start = System.nanoTime();
    Path out = spec.output().toAbsolutePath();
    Path work = Files.createTempDirectory(out.getParent(), "." + out.getFileName() + ".build-");
    try {
      Path sysroot = Files.createDirectories(work.resolve("sysroot"));
      Path espDir = work.resolve("esp");
      var built = new SysrootBuilder(listener).build(spec, sysroot, espDir, work.resolve("run"));
      String commit = built.commit().name();
      long epoch = Commit.read(Repo.open(spec.repo()), built.commit()).timestamp();
      epoch = Math.max(epoch, 315532800L); // FAT cannot store times before 1980

      var esp = new EspImage(tools);
      esp.complete(espDir, EspImage.bootloader(built.deploymentDir(), hostRoot));
      DiskLayout layout = DiskLayout.plan(spec.sizeBytes(), commit);
      Path raw = work.resolve("disk.raw");
      listener.step("writing the partition table (" + spec.sizeBytes() / DiskLayout.MIB + " MiB disk)");
      DiskFile.create(raw, layout);
      listener.step("writing the EFI system partition (" + DiskLayout.ESP_MIB + " MiB, vfat)");
      Path espFile = work.resolve("esp.vfat");
      esp.write(espDir, espFile, layout.espBytes(), epoch);
      DiskFile.copyInto(espFile, raw, layout.espOffset());
      Files.delete(espFile);
      listener.step("writing the root filesystem (ext4, mke2fs -d)");
      new RootFilesystem(tools).write(sysroot, raw, layout.rootOffset(), layout.rootBytes(), layout.rootFsUuid(),
          epoch);
      Path result = raw;
      if (spec.format() == ImageFormat.QCOW2) {
        tools.require("qemu-img", "qemu-utils");
        listener.step("converting to qcow2");
        result = work.resolve("disk.qcow2");
        tools.run(List.of("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), result.toString()));
      }
      DiskFile.fsync(result);
      Files.move(result, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      syncDir(out.getParent());
      listener.step("wrote " + out);
      return new Result(out, commit, layout, built.deployment().entryFile(), (System.nanoTime() - start) / 1_000_000_000L);
    } finally {
      deleteTree(work);
    }
  }

  private static void syncDir(Path dir) {
    try (var ch = java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // some filesystems cannot sync a directory; the rename is still atomic
    }
  }

  static void deleteTree(Path root) throws IOException {
    dev.caisson.store.FileTree.delete(root);
  }
}
