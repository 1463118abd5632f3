package dev.caisson.deploy;

import dev.caisson.deploy.boot.BlsEntry;
import dev.caisson.deploy.boot.BootCounter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a complete new boot configuration next to the live one and swaps it in with one atomic
 * rename, as ostree does: {@code boot/loader.N/entries}, {@code ostree/boot.N.0} with its
 * deployment symlinks, the kernels under {@code boot/ostree/OS-BOOTCSUM}, and the internal refs
 * that keep deployed commits from being pruned. A crash before the rename leaves the old
 * configuration live and untouched; leftovers of the unfinished one are removed by the next write.
 */
public final class BootConfigWriter {
  private final SysrootLayout layout;

  public BootConfigWriter(SysrootLayout layout) {
    this.layout = layout;
  }

  /** One entry as written: its file name and contents, for the ESP mirror and tests. */
  public record Written(String fileName, BlsEntry entry) {}

  /** Makes {@code specs} (in boot order, the first the default) the live boot configuration. */
  public List<Written> write(List<BootSpec> specs) throws IOException {
    int live = layout.bootversion();
    int next = 1 - live;
    clearBootversion(next);

    Path entriesDir = Files.createDirectories(layout.entries(next));
    // boot/boot -> . lets entries' /ostree/... paths work whether /boot is its own partition or not
    Path self = layout.boot().resolve("boot");
    if (!Files.exists(self, LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(self, Path.of("."));
    }
    Path bootDir = layout.bootDir(next, 0);
    Map<String, Integer> bootserials = new HashMap<>();
    var written = new ArrayList<Written>();
    int count = specs.size();
    for (int index = 0; index < count; index++) {
      BootSpec s = specs.get(index);
      KernelFiles k = s.kernel();
      String kernelDirName = s.stateroot() + "-" + k.bootcsum();
      Path kernelDir = Files.createDirectories(layout.boot().resolve("ostree").resolve(kernelDirName));
      Durable.copy(k.vmlinuz(), kernelDir.resolve(k.kernelName()));
      if (k.initramfs().isPresent()) {
        Durable.copy(k.initramfs().get(), kernelDir.resolve(k.initramfsName()));
      }
      int bootserial = bootserials.merge(s.stateroot() + "/" + k.bootcsum(), 1, Integer::sum) - 1;
      Path linkDir = Files.createDirectories(bootDir.resolve(s.stateroot()).resolve(k.bootcsum()));
      Files.createSymbolicLink(linkDir.resolve(String.valueOf(bootserial)),
          Path.of("../../../deploy/" + s.stateroot() + "/deploy/" + s.checksum() + "." + s.serial()));

      String ostreeArg = "/ostree/boot." + next + "/" + s.stateroot() + "/" + k.bootcsum() + "/" + bootserial;
      var fields = new ArrayList<BlsEntry.Field>();
      fields.add(new BlsEntry.Field("title", s.title() + " (ostree:" + index + ")"));
      fields.add(new BlsEntry.Field("version", String.valueOf(count - index)));
      fields.add(new BlsEntry.Field("options", s.kargs().plus("ostree=" + ostreeArg).toString()));
      fields.add(new BlsEntry.Field("linux", "/ostree/" + kernelDirName + "/" + k.kernelName()));
      if (k.initramfs().isPresent()) {
        fields.add(new BlsEntry.Field("initrd", "/ostree/" + kernelDirName + "/" + k.initramfsName()));
      }
      var entry = new BlsEntry(fields);
      String id = "ostree-" + (count - index) + "-" + s.stateroot();
      String fileName = new BootCounter.Split(id, s.counter()).fileName();
      Durable.write(entriesDir.resolve(fileName), entry.render());
      written.add(new Written(fileName, entry));
      writeRef(next, index, s.checksum());
    }
    Durable.syncDir(entriesDir);
    Durable.symlink(layout.bootLink(next), "boot." + next + ".0");
    // The one atomic step: boot/loader now names the new configuration.
    Durable.symlink(layout.loaderLink(), "loader." + next);
    return written;
  }

  /**
   * Removes the configuration that was live before the last {@link #write}. Call it only once
   * every copy of the boot entries (an ESP) names the new one.
   */
  public void removeOld() throws IOException {
    clearBootversion(1 - layout.bootversion());
  }

  private void writeRef(int bootversion, int index, String checksum) throws IOException {
    Path dir = Files.createDirectories(layout.repo().resolve("refs/heads/ostree/" + bootversion + "/0"));
    Durable.write(dir.resolve(String.valueOf(index)), checksum + "\n");
  }

  /** Removes everything of {@code bootversion}: a stale or half-written configuration. */
  private void clearBootversion(int bootversion) throws IOException {
    Durable.deleteTree(layout.loaderDir(bootversion));
    Path ostreeDir = layout.root().resolve("ostree");
    if (Files.isDirectory(ostreeDir)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(ostreeDir, "boot." + bootversion + "*")) {
        for (Path p : s) {
          Durable.deleteTree(p);
        }
      }
    }
    Durable.deleteTree(layout.repo().resolve("refs/heads/ostree/" + bootversion));
  }

  /** Removes kernel directories under /boot/ostree that no entry of {@code specs} uses. */
  public void pruneKernels(List<BootSpec> specs) throws IOException {
    Path dir = layout.boot().resolve("ostree");
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    var used = specs.stream().map(s -> s.stateroot() + "-" + s.kernel().bootcsum()).toList();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        if (!used.contains(p.getFileName().toString())) {
          Durable.deleteTree(p);
        }
      }
    }
  }

  static Optional<BootCounter> counterOf(String entryFile) {
    return entryFile == null ? Optional.empty() : BootCounter.split(entryFile).counter();
  }
}
