package dev.caisson.image.vm;

import dev.caisson.disk.Disk;
import dev.caisson.disk.GptTable;
import dev.caisson.disk.PartitionEntry;
import dev.caisson.disk.ProcessCommands;
import dev.caisson.image.DiskLayout;
import dev.caisson.image.ImageException;
import dev.caisson.image.ImageSpec;
import dev.caisson.image.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ext4 root filesystem inside a raw disk image, read and renamed in with {@code debugfs}: no
 * mount, no loop device. Paths are absolute within the filesystem.
 */
public final class ImageRootFs {
  private static final Pattern FAST_LINK = Pattern.compile("Fast link dest: \"(.*)\"");

  private final Tools tools;
  private final String device;

  public ImageRootFs(Tools tools, Path disk, long offset) {
    this.tools = tools;
    this.device = disk.toAbsolutePath() + "?offset=" + offset;
  }

  /** The root filesystem of a raw disk with our layout: the GPT partition named caisson-root. */
  public static ImageRootFs open(Tools tools, Path disk) throws IOException {
    Optional<GptTable> table = Disk.open(disk, new ProcessCommands()).readTable();
    PartitionEntry root = table.flatMap(t -> t.byName(ImageSpec.ROOT_LABEL)
            .or(() -> t.entries().stream().filter(e -> e.type().equals(DiskLayout.ROOT_X86_64_TYPE)).findFirst()))
        .orElseThrow(() -> new ImageException(disk + " has no GPT partition named " + ImageSpec.ROOT_LABEL
            + " (is it a raw image made by caisson image build?)"));
    return new ImageRootFs(tools, disk, root.firstLba() * table.get().sectorSize());
  }

  /** What debugfs opens: {@code disk.img?offset=N}, as e2fsck and debugfs accept it. */
  public String device() {
    return device;
  }

  private String debugfs(String request) throws ImageException {
    return tools.run(List.of("debugfs", "-R", request, device));
  }

  /** The names in a directory, without {@code .} and {@code ..}. */
  public List<String> list(String dir) throws ImageException {
    var names = new ArrayList<String>();
    for (String line : debugfs("ls -p " + dir).split("\n")) {
      String[] f = line.split("/", -1);
      // /inode/mode/uid/gid/name/size/
      if (f.length >= 7 && !f[5].equals(".") && !f[5].equals("..") && !f[5].isEmpty()) {
        names.add(f[5]);
      }
    }
    return names;
  }

  /** A symlink's target, if {@code path} is a (short) symlink. */
  public Optional<String> readlink(String path) throws ImageException {
    Matcher m = FAST_LINK.matcher(debugfs("stat " + path));
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  public String readString(String path) throws ImageException {
    return debugfs("cat " + path);
  }

  /** Copies a file out of the image. */
  public void dump(String path, Path dest) throws IOException {
    Files.deleteIfExists(dest);
    debugfs("dump " + path + " " + dest.toAbsolutePath());
    if (!Files.isRegularFile(dest)) {
      throw new ImageException("could not read " + path + " from " + device);
    }
  }

  /**
   * Renames {@code dir/from} to {@code dir/to} as one debugfs session: a second name for the
   * inode, then the first removed ({@code ln} and {@code unlink} leave the link count alone).
   */
  public void rename(String dir, String from, String to) throws IOException {
    Path script = Files.createTempFile("caisson-debugfs", ".cmd");
    try {
      Files.writeString(script, "ln " + dir + "/" + from + " " + dir + "/" + to + "\nunlink " + dir + "/" + from + "\n");
      tools.run(Map.of(), List.of("debugfs", "-w", "-f", script.toString(), device));
    } finally {
      Files.deleteIfExists(script);
    }
    List<String> now = list(dir);
    if (!now.contains(to) || now.contains(from)) {
      throw new ImageException("renaming " + dir + "/" + from + " to " + to + " in " + device + " failed");
    }
  }

  /** The live entries directory: {@code /boot/loader} is a symlink to {@code loader.0} or {@code loader.1}. */
  public String entriesDir() throws ImageException {
    return "/boot/" + readlink("/boot/loader").orElse("loader") + "/entries";
  }
}
