package dev.caisson.provision.files;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The target's passwd, shadow, group and gshadow as editable rows of colon-separated fields, plus
 * the login.defs and useradd defaults that shadow-utils would read from the same root.
 */
final class AccountDb {
  final List<String[]> passwd;
  final List<String[]> shadow;
  final List<String[]> group;
  final List<String[]> gshadow;
  final Map<String, String> loginDefs;
  final Map<String, String> useraddDefaults;

  AccountDb(String passwd, String shadow, String group, String gshadow, Map<String, String> loginDefs,
      Map<String, String> useraddDefaults) {
    this.passwd = rows(passwd, 7);
    this.shadow = rows(shadow, 9);
    this.group = rows(group, 4);
    this.gshadow = rows(gshadow, 4);
    this.loginDefs = loginDefs;
    this.useraddDefaults = useraddDefaults;
  }

  private static List<String[]> rows(String text, int fields) {
    var out = new ArrayList<String[]>();
    if (text == null) {
      return out;
    }
    for (String line : text.split("\n")) {
      if (!line.isEmpty()) {
        String[] f = line.split(":", -1);
        out.add(f.length >= fields ? f : Arrays.copyOf(fillEmpty(f, fields), fields));
      }
    }
    return out;
  }

  private static String[] fillEmpty(String[] f, int n) {
    String[] out = Arrays.copyOf(f, n);
    for (int i = f.length; i < n; i++) {
      out[i] = "";
    }
    return out;
  }

  static String text(List<String[]> rows) {
    var sb = new StringBuilder();
    for (String[] r : rows) {
      sb.append(String.join(":", r)).append('\n');
    }
    return sb.toString();
  }

  static Optional<String[]> find(List<String[]> rows, String name) {
    return rows.stream().filter(r -> r[0].equals(name)).findFirst();
  }

  Optional<String[]> user(String name) {
    return find(passwd, name);
  }

  Optional<String[]> groupRow(String name) {
    return find(group, name);
  }

  boolean uidUsed(int id) {
    return passwd.stream().anyMatch(r -> r[2].equals(Integer.toString(id)));
  }

  boolean gidUsed(int id) {
    return group.stream().anyMatch(r -> r[2].equals(Integer.toString(id)));
  }

  int def(String key, int fallback) {
    String v = loginDefs.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return v.startsWith("0") && v.length() > 1 ? Integer.parseInt(v, 8) : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** shadow-utils' id choice: normal ids go above the highest in range; system ids count down from the top. */
  int allocate(boolean system, boolean forGroup, int preferred) {
    String p = forGroup ? "GID" : "UID";
    int min = system ? def("SYS_" + p + "_MIN", 101) : def(p + "_MIN", 1000);
    int max = system ? def("SYS_" + p + "_MAX", def(p + "_MIN", 1000) - 1) : def(p + "_MAX", 60000);
    java.util.function.IntPredicate used = forGroup ? this::gidUsed : this::uidUsed;
    if (preferred >= 0 && !used.test(preferred)) {
      return preferred;
    }
    List<String[]> rows = forGroup ? group : passwd;
    int[] inRange = rows.stream().mapToInt(r -> parse(r[2])).filter(i -> i >= min && i <= max).toArray();
    if (system) {
      int lowest = Arrays.stream(inRange).min().orElse(max + 1);
      for (int id = lowest - 1; id >= min; id--) {
        if (!used.test(id)) {
          return id;
        }
      }
      for (int id = max; id >= min; id--) {
        if (!used.test(id)) {
          return id;
        }
      }
    } else {
      int highest = Arrays.stream(inRange).max().orElse(min - 1);
      for (int id = highest + 1; id <= max; id++) {
        if (!used.test(id)) {
          return id;
        }
      }
      for (int id = min; id <= max; id++) {
        if (!used.test(id)) {
          return id;
        }
      }
    }
    throw new IllegalStateException("no free " + (forGroup ? "gid" : "uid") + " in " + min + "-" + max);
  }

  static int parse(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
