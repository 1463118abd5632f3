package dev.caisson.compose;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Caisson's initramfs: a static busybox from the build host, the {@code /init} script, the kernel
 * modules it loads (from the tree, in dependency order) and nothing else; the Java runtime stays in
 * the deployment. Written as a gzipped newc cpio with fixed owners and times, so the same inputs
 * give the same bytes.
 */
final class Initramfs {
  static final Path DEFAULT_BUSYBOX = Path.of("/bin/busybox");

  private final Path busybox;

  Initramfs(Path busybox) {
    this.busybox = busybox;
  }

  /** The paths (relative to the module directory) the initramfs loads, in order. */
  static List<String> modules(Path moduleDir, List<String> names) throws IOException {
    return KernelModules.read(moduleDir).loadOrder(names, KernelModules.builtin(moduleDir));
  }

  /** Builds the image for the tree's kernel {@code kver} and returns its bytes. */
  byte[] build(Path root, String kver, List<String> moduleNames, long mtime) throws IOException {
    byte[] bb = Files.readAllBytes(busybox);
    if (hasInterpreter(bb)) {
      throw new IOException(busybox + " is dynamically linked; the initramfs needs a static busybox "
          + "(apt-get install busybox-static)");
    }
    Path moduleDir = root.resolve("usr/lib/modules").resolve(kver);
    List<String> load = modules(moduleDir, moduleNames);
    var cpio = new ByteArrayOutputStream(4 << 20);
    try (var w = new CpioWriter(cpio, mtime)) {
      for (String d : List.of("bin", "dev", "etc", "lib", "lib/modules", "newroot", "proc", "run", "sys", "sysroot",
          "tmp")) {
        w.directory(d, 0755);
      }
      w.charDevice("dev/console", 0600, 5, 1);
      w.charDevice("dev/null", 0666, 1, 3);
      w.file("bin/busybox", 0755, bb);
      w.file("etc/caisson-modules", 0644, lines(load.stream().map(Initramfs::flat).toList()));
      w.file("etc/udhcpc.script", 0755, resource("udhcpc.script"));
      w.file("init", 0755, resource("init.sh"));
      var names = new ArrayList<String>();
      for (String m : load) {
        names.add(m);
      }
      names.sort(java.util.Comparator.comparing(Initramfs::flat));
      for (String m : names) {
        w.file("lib/modules/" + flat(m), 0644, Files.readAllBytes(moduleDir.resolve(m)));
      }
    }
    var gz = new ByteArrayOutputStream(cpio.size() / 2);
    try (var z = new GZIPOutputStream(gz, 1 << 16)) {
      cpio.writeTo(z);
    }
    return gz.toByteArray();
  }

  /** {@code kernel/fs/ext4/ext4.ko} → {@code ext4.ko}: one flat directory in the initramfs. */
  static String flat(String modulePath) {
    return modulePath.substring(modulePath.lastIndexOf('/') + 1);
  }

  private static byte[] lines(List<String> l) {
    return (String.join("\n", l) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = Initramfs.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing resource " + name);
      }
      return in.readAllBytes();
    }
  }

  /** True for an ELF file with a PT_INTERP program header (dynamically linked). */
  static boolean hasInterpreter(byte[] elf) {
    if (elf.length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F' || elf[4] != 2) {
      return false;
    }
    ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
    long phoff = b.getLong(0x20);
    int phentsize = Short.toUnsignedInt(b.getShort(0x36));
    int phnum = Short.toUnsignedInt(b.getShort(0x38));
    for (int i = 0; i < phnum; i++) {
      long off = phoff + (long) i * phentsize;
      if (off + 4 <= elf.length && b.getInt((int) off) == 3) {
        return true;
      }
    }
    return false;
  }
}
