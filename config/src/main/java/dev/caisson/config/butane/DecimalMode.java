package dev.caisson.config.butane;

/** Tells a mode written in decimal by mistake (644 for 0644) from a deliberate one. */
final class DecimalMode {
  private DecimalMode() {}

  /** The octal reading of a mode's decimal digits (644 gives 0644), or -1 if it has none. */
  static int asOctal(int mode) {
    if (mode < 0 || mode > 7777) {
      return -1;
    }
    int out = 0;
    for (int divisor = 1000; divisor > 0; divisor /= 10) {
      int digit = (mode / divisor) % 10;
      if (digit > 7) {
        return -1;
      }
      out = (out << 3) | digit;
    }
    return out;
  }

  /** Whether a mode is one people set on purpose: read implied by write or exec, owner widest. */
  static boolean typical(int mode, boolean directory) {
    if (mode == 0) {
      return true;
    }
    int[] perms = {mode & 07, (mode >> 3) & 07, (mode >> 6) & 07};
    boolean hadR = false;
    boolean hadW = false;
    boolean hadX = false;
    for (int perm : perms) {
      boolean r = (perm & 4) != 0;
      boolean w = (perm & 2) != 0;
      boolean x = (perm & 1) != 0;
      if (!r && hadR || !w && hadW || !x && hadX) {
        return false;
      }
      if (x && hadR && !hadX) {
        return false;
      }
      if ((w || x) && !r) {
        return false;
      }
      hadR |= r;
      hadW |= w;
      hadX |= x;
    }
    if (!hadR) {
      return false;
    }
    if (directory) {
      return hadX && (mode & 04000) == 0 && ((mode & 03000) == 0 || hadW);
    }
    if ((mode & 06000) != 0 && (!hadX || (mode & 2) != 0)) {
      return false;
    }
    return (mode & 01000) == 0;
  }
}
