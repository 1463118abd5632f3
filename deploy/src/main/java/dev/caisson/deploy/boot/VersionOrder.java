package dev.caisson.deploy.boot;

import java.util.Comparator;

/**
 * Version comparison as systemd's {@code strverscmp_improved} does it: the strings are walked in
 * runs of digits (compared as numbers, leading zeros ignored) and runs of other characters
 * (compared by character), where {@code ~} sorts before everything, even the end of the string.
 */
public final class VersionOrder implements Comparator<String> {
  @Override
  public int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (true) {
      // A tilde sorts before anything, including the end.
      boolean ta = i < a.length() && a.charAt(i) == '~';
      boolean tb = j < b.length() && b.charAt(j) == '~';
      if (ta || tb) {
        if (!ta) {
          return 1;
        }
        if (!tb) {
          return -1;
        }
        i++;
        j++;
        continue;
      }
      if (i >= a.length() || j >= b.length()) {
        return Integer.compare(a.length() - i, b.length() - j) == 0 ? 0 : (i >= a.length() ? -1 : 1);
      }
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (isDigit(ca) && isDigit(cb)) {
        int ea = i;
        while (ea < a.length() && isDigit(a.charAt(ea))) {
          ea++;
        }
        int eb = j;
        while (eb < b.length() && isDigit(b.charAt(eb))) {
          eb++;
        }
        int r = compareNumbers(a.substring(i, ea), b.substring(j, eb));
        if (r != 0) {
          return r;
        }
        i = ea;
        j = eb;
        continue;
      }
      if (ca != cb) {
        // digits sort after other characters, so 1.10 > 1.a
        if (isDigit(ca) != isDigit(cb)) {
          return isDigit(ca) ? 1 : -1;
        }
        return Character.compare(ca, cb);
      }
      i++;
      j++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int compareNumbers(String x, String y) {
    String a = x.replaceFirst("^0+(?=.)", "");
    String b = y.replaceFirst("^0+(?=.)", "");
    if (a.length() != b.length()) {
      return Integer.compare(a.length(), b.length());
    }
    return a.compareTo(b);
  }
}
