package dev.caisson.deploy;

import dev.caisson.deploy.boot.BlsEntry;
import dev.caisson.deploy.boot.VersionOrder;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the deployments from a sysroot's live boot entries, as {@code ostree admin status} does:
 * entries named {@code ostree-*.conf} (with or without a boot counter), sorted by their
 * {@code version} field, highest first; each entry's {@code ostree=} argument is followed through
 * {@code ostree/boot.N} to its deployment directory.
 */
public final class SysrootReader {
  private static final Pattern DEPLOY_NAME = Pattern.compile("([0-9a-f]{64})\\.(\\d+)");
  private static final Pattern OSTREE_ARG = Pattern.compile("/ostree/boot\\.[01]/([^/]+)/([0-9a-f]{64})/(\\d+)");

  private final SysrootLayout layout;

  public SysrootReader(SysrootLayout layout) {
    this.layout = layout;
  }

  /**
   * Reads the sysroot. {@code bootedOstreeArg} is the {@code ostree=} value of the running
   * kernel's command line when this sysroot is the booted one, else empty.
   */
  public SysrootState read(Optional<String> bootedOstreeArg) throws IOException {
    int bv = layout.bootversion();
    int sub = layout.subbootversion(bv);
    var entries = new ArrayList<Named>();
    Path dir = layout.entries(bv);
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "ostree-*.conf")) {
        for (Path p : s) {
          if (Files.isRegularFile(p)) {
            entries.add(new Named(p.getFileName().toString(), BlsEntry.parse(Files.readString(p))));
          }
        }
      }
    }
    var versions = new VersionOrder();
    entries.sort(Comparator.comparing((Named n) -> n.entry.get("version") == null ? "" : n.entry.get("version"), versions)
        .reversed());
    var deployments = new ArrayList<Deployment>();
    for (Named n : entries) {
      deployments.add(toDeployment(deployments.size(), n));
    }
    Optional<Deployment> booted = bootedOstreeArg.flatMap(arg -> find(deployments, arg));
    return new SysrootState(bv, sub, deployments, booted);
  }

  private record Named(String file, BlsEntry entry) {}

  private Deployment toDeployment(int index, Named n) throws IOException {
    String options = n.entry.get("options");
    KernelArgs kargs = KernelArgs.parse(options == null ? "" : options);
    String ostreeArg = kargs.value("ostree");
    if (ostreeArg == null) {
      throw new IOException("boot entry " + n.file + " has no ostree= argument");
    }
    var m = OSTREE_ARG.matcher(ostreeArg);
    if (!m.matches()) {
      throw new IOException("boot entry " + n.file + ": malformed ostree=" + ostreeArg);
    }
    Path link = layout.root().resolve(ostreeArg.substring(1));
    Path target;
    try {
      target = link.toRealPath();
    } catch (NoSuchFileException e) {
      throw new IOException("boot entry " + n.file + ": " + ostreeArg + " leads to no deployment", e);
    }
    var dm = DEPLOY_NAME.matcher(target.getFileName().toString());
    if (!dm.matches()) {
      throw new IOException("boot entry " + n.file + ": " + ostreeArg + " leads to " + target + ", not a deployment");
    }
    String stateroot = target.getParent().getParent().getFileName().toString();
    String csum = dm.group(1);
    int serial = Integer.parseInt(dm.group(2));
    Path originPath = layout.originFile(stateroot, csum, serial);
    OriginFile origin = Files.exists(originPath) ? OriginFile.parse(Files.readString(originPath)) : new OriginFile(java.util.Map.of());
    return new Deployment(index, stateroot, csum, serial, m.group(2), Integer.parseInt(m.group(3)), origin,
        kargs.without("ostree"), n.file, title(n.entry));
  }

  private static String title(BlsEntry entry) {
    String t = entry.get("title");
    return t == null ? "" : t.replaceFirst(" \\(ostree(:\\d+)?\\)$", "");
  }

  private Optional<Deployment> find(List<Deployment> deployments, String ostreeArg) {
    Path target;
    try {
      target = layout.root().resolve(ostreeArg.replaceFirst("^/+", "")).toRealPath();
    } catch (IOException e) {
      return Optional.empty();
    }
    return deployments.stream().filter(d -> isSame(layout.deploymentDir(d.stateroot(), d.checksum(), d.serial()), target))
        .findFirst();
  }

  private static boolean isSame(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }
}
