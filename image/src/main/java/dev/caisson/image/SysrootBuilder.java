package dev.caisson.image;

import dev.caisson.deploy.DeployRequest;
import dev.caisson.deploy.Deployment;
import dev.caisson.deploy.EspDirectory;
import dev.caisson.deploy.KernelArgs;
import dev.caisson.deploy.RepoCommits;
import dev.caisson.deploy.Sysroot;
import dev.caisson.deploy.SysrootLayout;
import dev.caisson.store.ObjectId;
import dev.caisson.store.Repo;
import dev.caisson.store.RepoMode;
import dev.caisson.store.transport.LocalPull;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A fresh sysroot made with our deploy code, as {@code ostree admin init-fs}, {@code os-init},
 * {@code pull-local} and {@code deploy} would make it, with the ESP directory kept in step by the
 * deploy code itself, and the first-boot stamp the initramfs looks for.
 */
final class SysrootBuilder {
  /** The stamp on the root filesystem that makes the initramfs provision on this boot only. */
  static final String FIRSTBOOT_STAMP = "boot/caisson.firstboot";

  private final ImageListener listener;

  SysrootBuilder(ImageListener listener) {
    this.listener = listener;
  }

  /** What was deployed. */
  record Built(ObjectId commit, Deployment deployment, Path deploymentDir) {}

  Built build(ImageSpec spec, Path sysroot, Path esp, Path runDir) throws IOException {
    var layout = new SysrootLayout(sysroot);
    listener.step("creating the sysroot (init-fs, os-init " + spec.stateroot() + ")");
    Repo into = Repo.init(layout.repo(), RepoMode.BARE).withFsync(false);
    var sys = new Sysroot(layout, new RepoCommits(into), Optional.empty(), listener::step, runDir);
    sys.initFs();
    sys.osInit(spec.stateroot());
    listener.step("pulling " + spec.ref() + " from " + spec.repo());
    Repo from = Repo.open(spec.repo());
    ObjectId commit = new LocalPull(from, into, listener::progress).pull(spec.ref());
    Files.createDirectories(esp);
    sys.withEsp(new EspDirectory(esp));
    listener.step("deploying " + commit.name().substring(0, 12));
    Deployment d = sys.deploy(DeployRequest.of(spec.stateroot(), spec.ref()).withKargs(kargs(spec.kargs()), List.of()));
    Files.writeString(sysroot.resolve(FIRSTBOOT_STAMP), "");
    return new Built(commit, d, layout.deploymentDir(d.stateroot(), d.checksum(), d.serial()));
  }

  /** The default arguments, each replaced by a given one with the same key, the others appended. */
  static List<String> kargs(List<String> given) {
    KernelArgs args = KernelArgs.EMPTY;
    for (String k : ImageSpec.DEFAULT_KARGS) {
      args = args.append(k);
    }
    for (String k : given) {
      args = args.replace(k);
    }
    return new ArrayList<>(args.args());
  }
}
