package dev.caisson.provision.files;

/** Mode formatting and the mode, uid and gid of a node. */
final class Modes {
  private Modes() {}

  static String octal(int mode) {
    String o = Integer.toOctalString(mode);
    return o.length() >= 4 ? o : "0000".substring(o.length()) + o;
  }

  static int[] attrs(Node n) {
    if (n instanceof Node.Dir d) {
      return new int[] {d.mode(), d.uid(), d.gid()};
    }
    if (n instanceof Node.File f) {
      return new int[] {f.mode(), f.uid(), f.gid()};
    }
    if (n instanceof Node.Link l) {
      return new int[] {0777, l.uid(), l.gid()};
    }
    return new int[] {0, 0, 0};
  }
}
