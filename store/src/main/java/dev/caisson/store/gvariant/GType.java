package dev.caisson.store.gvariant;

import java.util.ArrayList;
import java.util.List;

/**
 * A GVariant type, parsed from its type string: the basic types OSTree uses ({@code y b u t s}),
 * arrays, tuples, dict entries and variants. Knows its alignment and, if fixed, its size.
 */
public sealed interface GType {
  String signature();

  int alignment();

  /** The size of every value of a fixed-size type, or -1 for variable-size types. */
  int fixedSize();

  default boolean isFixed() {
    return fixedSize() >= 0;
  }

  /** A basic type: {@code y}, {@code b}, {@code u}, {@code t} or {@code s}. */
  record Basic(char code) implements GType {
    public Basic {
      if ("ybutsq".indexOf(code) < 0) {
        throw new IllegalArgumentException("unsupported GVariant type " + code);
      }
    }

    @Override
    public String signature() {
      return String.valueOf(code);
    }

    @Override
    public int alignment() {
      return switch (code) {
        case 'u' -> 4;
        case 'q' -> 2;
        case 't' -> 8;
        default -> 1;
      };
    }

    @Override
    public int fixedSize() {
      return switch (code) {
        case 'y', 'b' -> 1;
        case 'q' -> 2;
        case 'u' -> 4;
        case 't' -> 8;
        default -> -1;
      };
    }
  }

  /** {@code aT}. */
  record Array(GType element) implements GType {
    @Override
    public String signature() {
      return "a" + element.signature();
    }

    @Override
    public int alignment() {
      return element.alignment();
    }

    @Override
    public int fixedSize() {
      return -1;
    }
  }

  /** {@code (T...)} or, with {@code dictEntry}, {@code {KV}}. */
  record Tuple(List<GType> members, boolean dictEntry) implements GType {
    public Tuple {
      members = List.copyOf(members);
    }

    @Override
    public String signature() {
      var sb = new StringBuilder(dictEntry ? "{" : "(");
      members.forEach(m -> sb.append(m.signature()));
      return sb.append(dictEntry ? "}" : ")").toString();
    }

    @Override
    public int alignment() {
      int a = 1;
      for (GType m : members) {
        a = Math.max(a, m.alignment());
      }
      return a;
    }

    @Override
    public int fixedSize() {
      if (members.isEmpty()) {
        return 1;
      }
      int size = 0;
      for (GType m : members) {
        if (!m.isFixed()) {
          return -1;
        }
        size = align(size, m.alignment()) + m.fixedSize();
      }
      return align(size, alignment());
    }
  }

  /** {@code v}. */
  record Variant() implements GType {
    @Override
    public String signature() {
      return "v";
    }

    @Override
    public int alignment() {
      return 8;
    }

    @Override
    public int fixedSize() {
      return -1;
    }
  }

  static int align(int offset, int alignment) {
    return (offset + alignment - 1) & -alignment;
  }

  /** Parses a complete type string such as {@code (a{sv}aya(say)sstayay)}. */
  static GType parse(String signature) {
    int[] pos = {0};
    GType t = parse(signature, pos);
    if (pos[0] != signature.length()) {
      throw new IllegalArgumentException("trailing characters in GVariant type " + signature);
    }
    return t;
  }

  private static GType parse(String s, int[] pos) {
    if (pos[0] >= s.length()) {
      throw new IllegalArgumentException("truncated GVariant type " + s);
    }
    char c = s.charAt(pos[0]++);
    switch (c) {
      case 'a':
        return new Array(parse(s, pos));
      case 'v':
        return new Variant();
      case '(':
      case '{': {
        char close = c == '(' ? ')' : '}';
        var members = new ArrayList<GType>();
        while (pos[0] < s.length() && s.charAt(pos[0]) != close) {
          members.add(parse(s, pos));
        }
        if (pos[0] >= s.length()) {
          throw new IllegalArgumentException("unclosed " + c + " in GVariant type " + s);
        }
        pos[0]++;
        return new Tuple(members, c == '{');
      }
      default:
        return new Basic(c);
    }
  }
}
