package dev.caisson.deploy;

import dev.caisson.deploy.boot.BootCounter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An EFI system partition, mounted or as a directory to be written into a FAT image, kept in step
 * with the sysroot's boot configuration: systemd-boot reads only the ESP. Its entries carry the
 * authoritative boot counters, since systemd-boot renames them there; kernels sit at the same
 * {@code /ostree/OS-BOOTCSUM/} paths the entries name.
 */
public record EspDirectory(Path root) {

  public Path entries() {
    return root.resolve("loader/entries");
  }

  /** Entry ids to their current file names (with counters) on the ESP. */
  public Map<String, String> entryFiles() throws IOException {
    var map = new HashMap<String, String>();
    if (!Files.isDirectory(entries())) {
      return map;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(entries(), "ostree-*.conf")) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        map.put(BootCounter.split(name).id(), name);
      }
    }
    return map;
  }

  /** The counter the ESP holds for {@code id}, if the ESP has that entry. */
  public Optional<Optional<BootCounter>> counter(String id) throws IOException {
    String name = entryFiles().get(id);
    return name == null ? Optional.empty() : Optional.of(BootCounter.split(name).counter());
  }

  /**
   * Makes the ESP's entries and kernels equal to the ones just written under {@code /boot}:
   * kernels first, then entries, then removal of what is no longer used, so that at every moment
   * each entry on the ESP names a kernel that is there.
   */
  public void sync(List<BootConfigWriter.Written> written, Path bootDir) throws IOException {
    Set<String> kernelDirs = new HashSet<>();
    for (BootConfigWriter.Written w : written) {
      for (String key : List.of("linux", "initrd")) {
        String rel = w.entry().get(key);
        if (rel == null) {
          continue;
        }
        Path src = bootDir.resolve(rel.substring(1));
        Path dst = root.resolve(rel.substring(1));
        Files.createDirectories(dst.getParent());
        Durable.copy(src, dst);
        kernelDirs.add(dst.getParent().getFileName().toString());
      }
    }
    Files.createDirectories(entries());
    Map<String, String> existing = entryFiles();
    Set<String> ids = new HashSet<>();
    for (BootConfigWriter.Written w : written) {
      String id = BootCounter.split(w.fileName()).id();
      ids.add(id);
      String old = existing.get(id);
      Durable.write(entries().resolve(w.fileName()), w.entry().render());
      if (old != null && !old.equals(w.fileName())) {
        Files.deleteIfExists(entries().resolve(old));
      }
    }
    for (Map.Entry<String, String> e : existing.entrySet()) {
      if (!ids.contains(e.getKey())) {
        Files.deleteIfExists(entries().resolve(e.getValue()));
      }
    }
    Path ostreeDir = root.resolve("ostree");
    if (Files.isDirectory(ostreeDir)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(ostreeDir)) {
        for (Path p : s) {
          if (!kernelDirs.contains(p.getFileName().toString())) {
            Durable.deleteTree(p);
          }
        }
      }
    }
    Durable.syncDir(entries());
  }
}
