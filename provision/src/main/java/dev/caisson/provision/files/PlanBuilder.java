package dev.caisson.provision.files;

import dev.caisson.provision.ProvisionException;
import dev.caisson.provision.fetch.Verification;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Collects actions while keeping the resolver's view of the root up to date with what is planned. */
final class PlanBuilder {
  private final RootResolver fs;
  private final List<Action> actions = new ArrayList<>();

  PlanBuilder(RootResolver fs) {
    this.fs = fs;
  }

  RootResolver fs() {
    return fs;
  }

  List<Action> actions() {
    return actions;
  }

  void note(String text) {
    actions.add(new Action.Note(text));
  }

  /** Plans every missing parent of {@code rel} as a 0755 root directory. */
  void parents(String rel, String what) throws ProvisionException {
    int i = rel.indexOf('/');
    while (i > 0) {
      String p = rel.substring(0, i);
      Node n = fs.lookup(p);
      if (n instanceof Node.Absent) {
        mkdir(p, 0755, 0, 0);
      } else if (!(n instanceof Node.Dir)) {
        throw new ProvisionException(what + ": /" + p + " exists and is not a directory");
      }
      i = rel.indexOf('/', i + 1);
    }
  }

  void mkdir(String rel, int mode, int uid, int gid) {
    actions.add(new Action.MkDir(rel, mode, uid, gid));
    fs.planNewDirectory(rel, new Node.Dir(mode, uid, gid));
  }

  void remove(String rel, Node before) {
    actions.add(new Action.Remove(rel, before));
    fs.planRemoval(rel);
  }

  /** Plans a whole-file write; {@code before} is the file it replaces (or absent). */
  void write(String rel, byte[] data, int mode, int uid, int gid, Node before) throws ProvisionException {
    Node shown = before;
    if (before instanceof Node.File f && f.sha256() == null) {
      shown = new Node.File(f.mode(), f.uid(), f.gid(), Verification.sha256(read(rel)), f.inode());
    }
    actions.add(new Action.Write(rel, data, mode, uid, gid, shown));
    fs.plan(rel, new Node.File(mode, uid, gid, null, -1));
  }

  void attrs(String rel, Node before, int mode, int uid, int gid) {
    int[] b = Modes.attrs(before);
    boolean isLink = before instanceof Node.Link;
    if ((isLink || b[0] == mode) && b[1] == uid && b[2] == gid) {
      return;
    }
    actions.add(new Action.Attrs(rel, before, isLink ? -1 : mode, uid, gid));
    if (before instanceof Node.Dir) {
      fs.plan(rel, new Node.Dir(mode, uid, gid));
    } else if (before instanceof Node.File f) {
      fs.plan(rel, new Node.File(mode, uid, gid, f.sha256(), f.inode()));
    } else if (before instanceof Node.Link l) {
      fs.plan(rel, new Node.Link(l.target(), uid, gid));
    }
  }

  void symlink(String rel, String target, int uid, int gid) {
    actions.add(new Action.Symlink(rel, target, uid, gid));
    fs.plan(rel, new Node.Link(target, uid, gid));
  }

  void hardlink(String rel, String targetRel, Node target) {
    int[] a = Modes.attrs(target);
    actions.add(new Action.HardLink(rel, targetRel, a[1], a[2]));
    fs.plan(rel, target);
  }

  /** The current content of a file: planned, or on disk. */
  byte[] read(String rel) throws ProvisionException {
    for (int i = actions.size() - 1; i >= 0; i--) {
      if (actions.get(i) instanceof Action.Write w && w.rel().equals(rel)) {
        return w.data();
      }
      if (actions.get(i) instanceof Action.Remove r && (rel.equals(r.rel()) || rel.startsWith(r.rel() + "/"))) {
        return new byte[0];
      }
    }
    try {
      return Files.readAllBytes(fs.onDisk(rel));
    } catch (IOException e) {
      throw new ProvisionException("/" + rel + ": cannot read: " + e.getMessage(), e);
    }
  }
}
