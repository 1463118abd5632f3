package dev.caisson.config.yaml;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads scalars the way Butane's YAML library (go-yaml v3) does into typed fields: {@code 0644},
 * {@code 0o644} and {@code 0x1a4} are integers (the first octal), {@code yes}/{@code on}/{@code
 * True} are booleans in boolean fields, and any scalar is a string in a string field.
 */
public final class Scalars {
  private static final Set<String> TRUE = Set.of("y", "yes", "true", "on");
  private static final Set<String> FALSE = Set.of("n", "no", "false", "off");

  private Scalars() {}

  /** True for an explicit or implicit null ({@code ~}, {@code null}, nothing). */
  public static boolean isNull(ScalarNode n) {
    if (n.getScalarStyle() != ScalarStyle.PLAIN) {
      return false;
    }
    if (n.getTag().equals(Tag.NULL)) {
      return true;
    }
    String v = n.getValue();
    return v.isEmpty() || v.equals("~") || v.equals("null") || v.equals("Null") || v.equals("NULL");
  }

  public static Optional<Long> integer(ScalarNode n) {
    if (n.getScalarStyle() != ScalarStyle.PLAIN) {
      return Optional.empty();
    }
    String v = n.getValue().replace("_", "");
    if (v.isEmpty()) {
      return Optional.empty();
    }
    boolean negative = v.startsWith("-");
    if (negative || v.startsWith("+")) {
      v = v.substring(1);
    }
    try {
      long value;
      if (v.startsWith("0x") || v.startsWith("0X")) {
        value = Long.parseLong(v.substring(2), 16);
      } else if (v.startsWith("0o") || v.startsWith("0O")) {
        value = Long.parseLong(v.substring(2), 8);
      } else if (v.startsWith("0b") || v.startsWith("0B")) {
        value = Long.parseLong(v.substring(2), 2);
      } else if (v.length() > 1 && v.startsWith("0")) {
        value = Long.parseLong(v.substring(1), 8);
      } else {
        value = Long.parseLong(v, 10);
      }
      return Optional.of(negative ? -value : value);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  public static Optional<Boolean> bool(ScalarNode n) {
    if (n.getScalarStyle() != ScalarStyle.PLAIN) {
      return Optional.empty();
    }
    String v = n.getValue().toLowerCase(Locale.ROOT);
    if (TRUE.contains(v) && isBoolSpelling(n.getValue())) {
      return Optional.of(true);
    }
    if (FALSE.contains(v) && isBoolSpelling(n.getValue())) {
      return Optional.of(false);
    }
    return Optional.empty();
  }

  /** YAML 1.1 spells booleans all lower, Capitalised or ALL UPPER, never mixed. */
  private static boolean isBoolSpelling(String v) {
    String lower = v.toLowerCase(Locale.ROOT);
    String upper = v.toUpperCase(Locale.ROOT);
    String capital = lower.isEmpty() ? lower : Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    return v.equals(lower) || v.equals(upper) || v.equals(capital);
  }

  /** How go-yaml names the scalar's type in its errors: {@code !!str}, {@code !!int}, ... */
  public static String yamlType(ScalarNode n) {
    if (n.getScalarStyle() != ScalarStyle.PLAIN) {
      return "!!str";
    }
    if (integer(n).isPresent()) {
      return "!!int";
    }
    if (bool(n).isPresent()) {
      return "!!bool";
    }
    try {
      Double.parseDouble(n.getValue());
      return "!!float";
    } catch (NumberFormatException e) {
      return "!!str";
    }
  }
}
