package dev.caisson.provision.files;

import dev.caisson.provision.ProvisionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Copies the target's /etc/skel into a new home, owned by the user, as useradd does. */
final class Skel {
  private final PlanBuilder plan;

  Skel(PlanBuilder plan) {
    this.plan = plan;
  }

  void copy(String homeRel, int uid, int gid) throws ProvisionException {
    String skel = plan.fs().resolve("/etc/skel", true);
    if (!(plan.fs().lookup(skel) instanceof Node.Dir)) {
      return;
    }
    copyDir(skel, homeRel, uid, gid);
  }

  private void copyDir(String from, String to, int uid, int gid) throws ProvisionException {
    List<Path> children;
    try (Stream<Path> s = Files.list(plan.fs().onDisk(from))) {
      children = s.sorted().toList();
    } catch (IOException e) {
      throw new ProvisionException("/" + from + ": " + e.getMessage(), e);
    }
    for (Path c : children) {
      String name = c.getFileName().toString();
      String src = from + "/" + name;
      String dst = to + "/" + name;
      Node n = plan.fs().lookup(src);
      if (n instanceof Node.Dir d) {
        plan.mkdir(dst, d.mode(), uid, gid);
        copyDir(src, dst, uid, gid);
      } else if (n instanceof Node.File f) {
        plan.write(dst, plan.read(src), f.mode(), uid, gid, Node.ABSENT);
      } else if (n instanceof Node.Link l) {
        plan.symlink(dst, l.target(), uid, gid);
      }
    }
  }
}
