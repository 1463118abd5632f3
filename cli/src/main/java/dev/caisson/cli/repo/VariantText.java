package dev.caisson.cli.repo;

import dev.caisson.cli.UserException;
import dev.caisson.store.gvariant.GVariant;
import java.util.ArrayList;

/** The GVariant text forms {@code --add-metadata} takes: booleans, strings, uint64 and string arrays. */
final class VariantText {
  private VariantText() {}

  static GVariant.Variant parse(String text) {
    String t = text.strip();
    if (t.equals("true") || t.equals("false")) {
      return GVariant.Variant.of("b", Boolean.parseBoolean(t));
    }
    if (t.startsWith("uint64 ")) {
      try {
        return GVariant.Variant.of("t", Long.parseUnsignedLong(t.substring(7).strip()));
      } catch (NumberFormatException e) {
        throw new UserException("not a uint64: " + text);
      }
    }
    if (t.startsWith("'") && t.endsWith("'") && t.length() >= 2 || t.startsWith("\"") && t.endsWith("\"")) {
      return GVariant.Variant.of("s", t.substring(1, t.length() - 1));
    }
    if (t.startsWith("[") && t.endsWith("]")) {
      var items = new ArrayList<String>();
      String inner = t.substring(1, t.length() - 1).strip();
      if (!inner.isEmpty()) {
        for (String part : inner.split(",")) {
          String p = part.strip();
          if (p.length() < 2 || !(p.startsWith("'") && p.endsWith("'") || p.startsWith("\"") && p.endsWith("\""))) {
            throw new UserException("only arrays of quoted strings are supported: " + text);
          }
          items.add(p.substring(1, p.length() - 1));
        }
      }
      return GVariant.Variant.of("as", items);
    }
    throw new UserException("cannot read GVariant text '" + text + "': use true, false, 'text', uint64 N or "
        + "['a', 'b']");
  }
}
