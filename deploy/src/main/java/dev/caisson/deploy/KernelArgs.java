package dev.caisson.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An ordered kernel command line, edited with ostree's rules: {@code replace} sets a key's only
 * value (appending the key when it is missing), {@code append} always adds (for keys such as
 * {@code console=} that may repeat), {@code delete} removes a key, or one value of it.
 */
public record KernelArgs(List<String> args) {
  public KernelArgs {
    args = List.copyOf(args);
    for (String a : args) {
      boolean unquotedSpace = a.indexOf('"') < 0 && a.chars().anyMatch(Character::isWhitespace);
      if (a.isBlank() || unquotedSpace || a.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("bad kernel argument '" + a + "'");
      }
    }
  }

  public static final KernelArgs EMPTY = new KernelArgs(List.of());

  /** Splits a command line on white space (double quotes keep spaces inside a value). */
  public static KernelArgs parse(String cmdline) {
    var out = new ArrayList<String>();
    var cur = new StringBuilder();
    boolean quoted = false;
    for (char c : cmdline.strip().toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
        cur.append(c);
      } else if (Character.isWhitespace(c) && !quoted) {
        if (cur.length() > 0) {
          out.add(cur.toString());
          cur.setLength(0);
        }
      } else {
        cur.append(c);
      }
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    return new KernelArgs(out);
  }

  static String key(String arg) {
    int eq = arg.indexOf('=');
    return eq < 0 ? arg : arg.substring(0, eq);
  }

  private long count(String key) {
    return args.stream().filter(a -> key(a).equals(key)).count();
  }

  /** Sets {@code arg}'s key to its value; a key with several values is an error. */
  public KernelArgs replace(String arg) {
    String k = key(arg);
    long n = count(k);
    if (n > 1) {
      throw new IllegalArgumentException(
          "kernel argument '" + k + "' has " + n + " values; delete them first or use append");
    }
    if (n == 0) {
      return append(arg);
    }
    return new KernelArgs(args.stream().map(a -> key(a).equals(k) ? arg : a).toList());
  }

  public KernelArgs append(String arg) {
    var out = new ArrayList<>(args);
    out.add(arg);
    return new KernelArgs(out);
  }

  /** Deletes {@code KEY=VALUE} exactly, or {@code KEY} when it has a single value. */
  public KernelArgs delete(String arg) {
    if (arg.indexOf('=') >= 0) {
      if (!args.contains(arg)) {
        throw new IllegalArgumentException("no kernel argument '" + arg + "' to delete");
      }
      var out = new ArrayList<>(args);
      out.remove(arg);
      return new KernelArgs(out);
    }
    long n = count(arg);
    if (n == 0) {
      throw new IllegalArgumentException("no kernel argument '" + arg + "' to delete");
    }
    if (n > 1) {
      throw new IllegalArgumentException(
          "kernel argument '" + arg + "' has " + n + " values; name the one to delete as KEY=VALUE");
    }
    return new KernelArgs(args.stream().filter(a -> !key(a).equals(arg)).toList());
  }

  /** A copy without any argument whose key is {@code key} (used to drop {@code ostree=}). */
  public KernelArgs without(String key) {
    return new KernelArgs(args.stream().filter(a -> !key(a).equals(key)).toList());
  }

  /** The value of the first {@code key=...}, or null. */
  public String value(String key) {
    return args.stream()
        .filter(a -> key(a).equals(key) && a.indexOf('=') >= 0)
        .map(a -> a.substring(a.indexOf('=') + 1))
        .findFirst()
        .orElse(null);
  }

  public boolean contains(String arg) {
    return args.contains(arg);
  }

  public KernelArgs plus(String... more) {
    var out = new ArrayList<>(args);
    out.addAll(Arrays.asList(more));
    return new KernelArgs(out);
  }

  @Override
  public String toString() {
    return String.join(" ", args);
  }
}
