package dev.caisson.compose;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Turns a bootstrapped Debian root into a tree OSTree can deploy (FORMATS.md Part 4 §2): the kernel
 * in {@code /usr/lib/modules/KVER/vmlinuz}, {@code /etc} as {@code /usr/etc}, {@code /var} kept as
 * {@code /usr/share/factory/var} and recreated at boot by tmpfiles, the home-like directories as
 * links into {@code /var}, {@code /sysroot}, the {@code /ostree} link, an empty {@code /efi}, and
 * empty API directories (no device nodes: a commit cannot hold them).
 */
final class OstreeLayout {
  static final String TMPFILES = "usr/lib/tmpfiles.d/caisson-ostree.conf";
  static final String HOSTNAME = "caisson";

  /** Directories under {@code /var} every boot needs, as {@code (path, mode)}. */
  private static final List<String[]> VAR_DIRS = List.of(
      new String[] {"home", "0755"}, new String[] {"roothome", "0700"}, new String[] {"opt", "0755"},
      new String[] {"srv", "0755"}, new String[] {"mnt", "0755"}, new String[] {"local", "0755"},
      new String[] {"usrlocal", "0755"});

  private OstreeLayout() {}

  /** Applies the layout in place and returns the kernel version. */
  static String apply(Path root) throws IOException {
    if (Files.exists(root.resolve("usr/etc"), LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("the tree already has usr/etc; an OSTree layout cannot be applied twice");
    }
    String kver = kernelVersion(root);
    Path modules = root.resolve("usr/lib/modules").resolve(kver);
    Path vmlinuz = root.resolve("boot/vmlinuz-" + kver);
    if (Files.isRegularFile(vmlinuz)) {
      Files.move(vmlinuz, modules.resolve("vmlinuz"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } else if (!Files.isRegularFile(modules.resolve("vmlinuz"))) {
      throw new IOException("no kernel: neither boot/vmlinuz-" + kver + " nor " + root.relativize(modules)
          + "/vmlinuz");
    }
    for (String top : List.of("vmlinuz", "vmlinuz.old", "initrd.img", "initrd.img.old")) {
      Tree.delete(root.resolve(top));
    }
    for (String api : List.of("boot", "dev", "proc", "sys", "run", "tmp")) {
      emptyDir(root.resolve(api));
    }
    Files.setAttribute(root.resolve("tmp"), "unix:mode", 01777);
    writeSystemFiles(root);
    moveVar(root);
    for (String[] link : List.of(new String[] {"home", "var/home"}, new String[] {"root", "var/roothome"},
        new String[] {"opt", "var/opt"}, new String[] {"srv", "var/srv"}, new String[] {"mnt", "var/mnt"},
        new String[] {"media", "run/media"}, new String[] {"ostree", "sysroot/ostree"})) {
      Tree.delete(root.resolve(link[0]));
      Files.createSymbolicLink(root.resolve(link[0]), Path.of(link[1]));
    }
    for (String d : List.of("sysroot", "efi")) {
      emptyDir(root.resolve(d));
    }
    Path etc = root.resolve("etc");
    Files.move(etc, root.resolve("usr/etc"));
    return kver;
  }

  /** The one {@code usr/lib/modules/KVER} that has a kernel (in /boot or in place). */
  static String kernelVersion(Path root) throws IOException {
    Path modules = root.resolve("usr/lib/modules");
    var found = new TreeSet<String>();
    if (Files.isDirectory(modules)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(modules)) {
        for (Path p : s) {
          String k = p.getFileName().toString();
          if (Files.isRegularFile(root.resolve("boot/vmlinuz-" + k)) || Files.isRegularFile(p.resolve("vmlinuz"))) {
            found.add(k);
          }
        }
      }
    }
    if (found.size() != 1) {
      throw new IOException("expected one kernel in usr/lib/modules with a vmlinuz, found " + found
          + " (is linux-image-amd64 in the packages?)");
    }
    return found.first();
  }

  /** Files the bootstrap got from the build host or that would be the same on every machine. */
  private static void writeSystemFiles(Path root) throws IOException {
    Path etc = root.resolve("etc");
    Tree.write(etc.resolve("hostname"), (HOSTNAME + "\n").getBytes(StandardCharsets.UTF_8), 0644);
    Tree.write(etc.resolve("hosts"), ("127.0.0.1\tlocalhost\n127.0.1.1\t" + HOSTNAME + "\n"
        + "::1\t\tlocalhost ip6-localhost ip6-loopback\n").getBytes(StandardCharsets.UTF_8), 0644);
    // "uninitialized": systemd makes a new id on each machine and treats the boot as the first one,
    // so it applies the presets a provisioning config writes (an empty file would not)
    Tree.write(etc.resolve("machine-id"), "uninitialized\n".getBytes(StandardCharsets.US_ASCII), 0444);
    Tree.delete(root.resolve("var/lib/dbus/machine-id"));
    Path resolv = etc.resolve("resolv.conf");
    if (Files.isRegularFile(resolv, LinkOption.NOFOLLOW_LINKS)) {
      Tree.delete(resolv);
    }
  }

  /**
   * {@code /var} is state: the deployment's {@code /var} is the stateroot's, which starts empty
   * (P16). The tree's {@code /var} goes to {@code /usr/share/factory/var}; tmpfiles links the
   * package databases back (read-only, they describe {@code /usr}) and copies the other
   * {@code /var/lib} state on first boot.
   */
  private static void moveVar(Path root) throws IOException {
    Path var = root.resolve("var");
    Path factory = root.resolve("usr/share/factory/var");
    Files.createDirectories(factory.getParent());
    Tree.delete(factory);
    var lines = new ArrayList<String>();
    lines.add("# Written by caisson compose: /var starts empty on a new stateroot (FORMATS.md P16)");
    for (String[] d : VAR_DIRS) {
      lines.add("d /var/" + d[0] + " " + d[1] + " root root -");
    }
    Path lib = var.resolve("lib");
    if (Files.isDirectory(lib)) {
      var names = new TreeSet<String>();
      try (DirectoryStream<Path> s = Files.newDirectoryStream(lib)) {
        s.forEach(p -> names.add(p.getFileName().toString()));
      }
      for (String n : names) {
        if (n.equals("dpkg") || n.equals("apt")) {
          lines.add("L /var/lib/" + n + " - - - - /usr/share/factory/var/lib/" + n);
        } else {
          lines.add("C /var/lib/" + n + " - - - - /usr/share/factory/var/lib/" + n);
        }
      }
    }
    Files.move(var, factory);
    Files.createDirectory(var);
    Files.setAttribute(var, "unix:mode", 0755);
    Tree.write(root.resolve(TMPFILES), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8), 0644);
  }

  private static void emptyDir(Path d) throws IOException {
    if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
        for (Path p : s) {
          Tree.delete(p);
        }
      }
    } else {
      Tree.delete(d);
      Files.createDirectory(d);
      Files.setAttribute(d, "unix:mode", 0755);
    }
  }
}
