package dev.caisson.provision.files;

/** What stands at a path inside the root, on disk or as planned earlier in the run. */
public sealed interface Node {
  record Absent() implements Node {}

  record Dir(int mode, int uid, int gid) implements Node {}

  record File(int mode, int uid, int gid, String sha256, long inode) implements Node {}

  record Link(String target, int uid, int gid) implements Node {}

  /** A device, socket or fifo. */
  record Other() implements Node {}

  Node ABSENT = new Absent();
}
