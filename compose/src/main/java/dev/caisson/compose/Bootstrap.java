package dev.caisson.compose;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Runs mmdebstrap (variant minbase) for a manifest. Downloaded packages are kept in
 * {@code debs}: synced into the chroot's apt archive before the download and out of it after the
 * install, so a later bootstrap downloads only what changed.
 */
final class Bootstrap {
  private final Path debs;
  private final ComposeListener listener;

  Bootstrap(Path debs, ComposeListener listener) {
    this.debs = debs;
    this.listener = listener;
  }

  /** The mmdebstrap command line for {@code m} into {@code target}. */
  List<String> command(Manifest m, Path target, boolean root) {
    var cmd = new ArrayList<String>();
    cmd.add("mmdebstrap");
    cmd.add("--variant=minbase");
    cmd.add(root ? "--mode=root" : "--mode=unshare");
    cmd.add("--skip=essential/unlink");
    cmd.add("--aptopt=Acquire::Retries \"3\"");
    // the kernel's postinst would spend half a minute on an initramfs-tools image we never use:
    // update-initramfs is diverted away and replaced by a stub that does nothing
    cmd.add("--essential-hook=chroot \"$1\" dpkg-divert --quiet --local --rename "
        + "--divert /usr/sbin/update-initramfs.caisson --add /usr/sbin/update-initramfs "
        + "&& printf '#!/bin/sh\\nexit 0\\n' > \"$1/usr/sbin/update-initramfs\" "
        + "&& chmod 755 \"$1/usr/sbin/update-initramfs\"");
    cmd.add("--include=" + String.join(",", m.packages()));
    cmd.add("--setup-hook=mkdir -p \"$1/var/cache/apt/archives/\"");
    cmd.add("--setup-hook=sync-in " + debs + " /var/cache/apt/archives/");
    cmd.add("--customize-hook=sync-out /var/cache/apt/archives " + debs);
    cmd.add(m.release());
    cmd.add(target.toString());
    cmd.addAll(m.mirrors());
    return cmd;
  }

  void run(Manifest m, Path target) throws IOException {
    Files.createDirectories(debs);
    boolean root = Tree.runningAsRoot();
    List<String> cmd = command(m, target, root);
    listener.step("bootstrap", "mmdebstrap " + m.release() + " with " + m.packages().size() + " packages");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    Deque<String> tail = new ArrayDeque<>();
    long lines = 0;
    try (var r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines++;
        if (tail.size() == 30) {
          tail.removeFirst();
        }
        tail.addLast(line);
        if (line.startsWith("I: ")) {
          listener.step("bootstrap", line.substring(3));
        }
        listener.progress("bootstrap", lines, 0);
      }
    }
    try {
      if (p.waitFor() != 0) {
        throw new IOException("mmdebstrap failed (exit " + p.exitValue() + "):\n" + String.join("\n", tail));
      }
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during mmdebstrap", e);
    }
  }
}
