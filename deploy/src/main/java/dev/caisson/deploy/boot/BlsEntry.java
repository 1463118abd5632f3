package dev.caisson.deploy.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Boot Loader Specification type #1 entry: ordered {@code key value} lines, the way ostree
 * writes them ({@code title}, {@code version}, {@code options}, {@code linux}, {@code initrd}).
 * Keys keep their order; a repeated key (several {@code initrd}) keeps every value.
 */
public record BlsEntry(List<Field> fields) {
  public BlsEntry {
    fields = List.copyOf(fields);
  }

  /** One {@code key value} line. */
  public record Field(String key, String value) {
    public Field {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("bad BLS key '" + key + "'");
      }
      if (value.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("newline in BLS value of " + key);
      }
    }
  }

  /** Parses entry text; blank lines and {@code #} comments are skipped, as boot loaders do. */
  public static BlsEntry parse(String text) {
    var fields = new ArrayList<Field>();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int space = indexOfWhitespace(line);
      String key = space < 0 ? line : line.substring(0, space);
      String value = space < 0 ? "" : line.substring(space + 1).strip();
      fields.add(new Field(key, value));
    }
    return new BlsEntry(fields);
  }

  private static int indexOfWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /** The first value of {@code key}, or null. */
  public String get(String key) {
    return fields.stream().filter(f -> f.key().equals(key)).map(Field::value).findFirst().orElse(null);
  }

  /** A copy with {@code key} set to {@code value} in place of its first occurrence, or appended. */
  public BlsEntry with(String key, String value) {
    var out = new ArrayList<Field>();
    boolean done = false;
    for (Field f : fields) {
      if (f.key().equals(key)) {
        if (!done) {
          out.add(new Field(key, value));
          done = true;
        }
      } else {
        out.add(f);
      }
    }
    if (!done) {
      out.add(new Field(key, value));
    }
    return new BlsEntry(out);
  }

  public String render() {
    var sb = new StringBuilder();
    for (Field f : fields) {
      sb.append(f.key()).append(' ').append(f.value()).append('\n');
    }
    return sb.toString();
  }

  /** Keys to values, first occurrence of each, for comparisons in tests and status. */
  public Map<String, String> asMap() {
    var map = new LinkedHashMap<String, String>();
    fields.forEach(f -> map.putIfAbsent(f.key(), f.value()));
    return map;
  }
}
