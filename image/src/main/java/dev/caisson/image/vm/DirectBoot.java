package dev.caisson.image.vm;

import dev.caisson.deploy.boot.BootMenu;
import dev.caisson.image.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Direct kernel boot with us as the boot loader. Before each boot it reads the image's BLS
 * entries (ext4 {@code /boot/loader/entries}) with debugfs, picks one as systemd-boot would
 * ({@link BootMenu}: entries out of tries last, then newest version), and, when the entry counts
 * boots, renames it in the image ({@code +3} to {@code +2-1}) before QEMU starts, as systemd-boot
 * renames it on the ESP. A deployment that never gets blessed thus runs out of tries and the
 * previous one boots: rollback works without UEFI.
 */
public final class DirectBoot {
  private final Tools tools;

  public DirectBoot(Tools tools) {
    this.tools = tools;
  }

  /** One boot as prepared: the entry file name before and after the attempt, and what QEMU loads. */
  public record Prepared(String entryBefore, String entryAfter, QemuArgs.Direct direct) {}

  public Prepared prepare(Path disk, VmDir dir, List<String> extraKargs) throws IOException {
    ImageRootFs fs = ImageRootFs.open(tools, disk);
    String entries = fs.entriesDir();
    Path scratch = Files.createTempDirectory(dir.root(), "entries-");
    try {
      for (String name : fs.list(entries)) {
        if (name.endsWith(".conf")) {
          Files.writeString(scratch.resolve(name), fs.readString(entries + "/" + name));
        }
      }
      BootMenu.Item item = new BootMenu(scratch).attempt()
          .orElseThrow(() -> new dev.caisson.image.ImageException("no boot entries in " + entries + " of " + disk));
      String after = item.file().getFileName().toString();
      String before = fs.list(entries).stream().filter(n -> n.endsWith(".conf"))
          .filter(n -> dev.caisson.deploy.boot.BootCounter.split(n).id().equals(item.id())).findFirst().orElse(after);
      if (!before.equals(after)) {
        fs.rename(entries, before, after);
      }
      String linux = item.entry().get("linux");
      String initrd = item.entry().get("initrd");
      if (linux == null) {
        throw new dev.caisson.image.ImageException("entry " + after + " names no kernel");
      }
      fs.dump("/boot" + linux, dir.kernel());
      if (initrd != null) {
        fs.dump("/boot" + initrd, dir.initrd());
      }
      String options = item.entry().get("options");
      var append = new StringBuilder(options == null ? "" : options);
      for (String k : extraKargs) {
        append.append(' ').append(k);
      }
      return new Prepared(before, after, new QemuArgs.Direct(dir.kernel(), dir.initrd(), append.toString().trim()));
    } finally {
      try (var s = Files.walk(scratch)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
