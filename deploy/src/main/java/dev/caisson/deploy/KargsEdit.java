package dev.caisson.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of kernel-argument edits, as {@code admin kargs} takes them and as the provisioning
 * engine leaves them for the deployment layer in {@code /etc/caisson/kargs.d/*.conf} (or any
 * file): one edit per line, {@code append ARG}, {@code delete ARG}, {@code replace ARG},
 * {@code ensure ARG} (append unless present: Ignition's {@code shouldExist}) or {@code absent ARG}
 * (delete if present: {@code shouldNotExist}); blank lines and {@code #} comments are skipped.
 */
public record KargsEdit(List<Op> ops) {
  public KargsEdit {
    ops = List.copyOf(ops);
  }

  /** One edit. */
  public record Op(Kind kind, String arg) {}

  public enum Kind {
    APPEND,
    DELETE,
    REPLACE,
    ENSURE,
    ABSENT
  }

  public static KargsEdit parse(String text, String source) throws IOException {
    var ops = new ArrayList<Op>();
    int n = 0;
    for (String raw : text.split("\n")) {
      n++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+", 2);
      if (parts.length != 2) {
        throw new IOException(source + ":" + n + ": expected 'VERB ARGUMENT', got '" + line + "'");
      }
      Kind kind;
      try {
        kind = Kind.valueOf(parts[0].toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IOException(source + ":" + n + ": unknown verb '" + parts[0]
            + "' (use append, delete, replace, ensure or absent)");
      }
      ops.add(new Op(kind, parts[1]));
    }
    return new KargsEdit(ops);
  }

  public static KargsEdit read(Path file) throws IOException {
    return parse(Files.readString(file), file.toString());
  }

  /** Applies the edits in order. */
  public KernelArgs apply(KernelArgs start) {
    KernelArgs k = start;
    for (Op op : ops) {
      k = switch (op.kind()) {
        case APPEND -> k.append(op.arg());
        case DELETE -> k.delete(op.arg());
        case REPLACE -> k.replace(op.arg());
        case ENSURE -> k.contains(op.arg()) ? k : k.append(op.arg());
        case ABSENT -> k.contains(op.arg()) ? k.delete(op.arg()) : k;
      };
    }
    return k;
  }

  public boolean isEmpty() {
    return ops.isEmpty();
  }
}
