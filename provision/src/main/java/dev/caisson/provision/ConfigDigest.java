package dev.caisson.provision;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.caisson.provision.fetch.Verification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The identity of a config: the SHA-256 of its compact JSON, the same bytes as Jackson's
 * {@code JsonNode.toString()}, written with a bare generator (serializing through a node's
 * {@code toString()} builds a whole ObjectMapper, whose set-up costs more than the run's JSON).
 */
final class ConfigDigest {
  private ConfigDigest() {}

  static String sha256(JsonNode config) {
    return Verification.sha256(compact(config));
  }

  /** The compact JSON text of {@code node}, as UTF-8. */
  static byte[] compact(JsonNode node) {
    var out = new ByteArrayOutputStream(4096);
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      write(g, node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator g, JsonNode node) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        g.writeStartObject();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          g.writeFieldName(e.getKey());
          write(g, e.getValue());
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray();
        for (JsonNode item : node) {
          write(g, item);
        }
        g.writeEndArray();
      }
      case STRING -> g.writeString(node.textValue());
      case BOOLEAN -> g.writeBoolean(node.booleanValue());
      case NULL -> g.writeNull();
      case NUMBER -> {
        switch (node.numberType()) {
          case INT -> g.writeNumber(node.intValue());
          case LONG -> g.writeNumber(node.longValue());
          case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
          case FLOAT -> g.writeNumber(node.floatValue());
          case DOUBLE -> g.writeNumber(node.doubleValue());
          case BIG_DECIMAL -> g.writeNumber(node.decimalValue());
        }
      }
      case BINARY -> g.writeBinary(node.binaryValue());
      default -> throw new IllegalArgumentException("no JSON form for a " + node.getNodeType() + " node");
    }
  }
}
