package dev.caisson.config.ignition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caisson.config.schema.Field;
import dev.caisson.config.schema.Shape.ListShape;
import dev.caisson.config.schema.Shape.ObjectShape;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes Ignition JSON as Ignition's own tools do: fields in the spec's order, {@code <}, {@code >}
 * and {@code &} escaped as {@code \u003c} and so on (Go's encoder does), compact or indented by two.
 */
public final class IgnitionJson {
  private final ObjectMapper mapper;

  public IgnitionJson() {
    this.mapper = new ObjectMapper();
    mapper.getFactory().setCharacterEscapes(new GoEscapes());
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  public String write(JsonNode node, boolean pretty) {
    try {
      if (!pretty) {
        return mapper.writeValueAsString(node);
      }
      var printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n"))
          .withSeparators(com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
              .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER));
      return mapper.writer(printer).writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reorders every object's fields into the schema's order; unknown fields keep their place at the end. */
  public static void order(JsonNode node, ObjectShape shape) {
    if (!(node instanceof ObjectNode obj)) {
      return;
    }
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
      entries.add(it.next());
    }
    obj.removeAll();
    for (Field f : shape.fields()) {
      for (Map.Entry<String, JsonNode> e : entries) {
        if (e.getKey().equals(f.json())) {
          obj.set(e.getKey(), e.getValue());
          if (f.shape() instanceof ObjectShape o) {
            order(e.getValue(), o);
          } else if (f.shape() instanceof ListShape l && l.item() instanceof ObjectShape o) {
            e.getValue().forEach(item -> order(item, o));
          }
        }
      }
    }
    for (Map.Entry<String, JsonNode> e : entries) {
      if (!obj.has(e.getKey())) {
        obj.set(e.getKey(), e.getValue());
      }
    }
  }

  /** Go's json.Marshal escapes these three for safe embedding in HTML. */
  private static final class GoEscapes extends CharacterEscapes {
    private final int[] table;

    GoEscapes() {
      table = standardAsciiEscapesForJSON();
      table['<'] = ESCAPE_STANDARD;
      table['>'] = ESCAPE_STANDARD;
      table['&'] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return table;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }
}
