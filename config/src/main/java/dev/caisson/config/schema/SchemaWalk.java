package dev.caisson.config.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caisson.config.schema.Shape.ListShape;
import dev.caisson.config.schema.Shape.ObjectShape;
import java.util.ArrayList;
import java.util.List;

/** Visits every object of a JSON config tree together with its schema shape and JSON path. */
public final class SchemaWalk {
  /** Receives each object. */
  @FunctionalInterface
  public interface Visitor {
    void visit(ObjectNode node, ObjectShape shape, String path);
  }

  private SchemaWalk() {}

  /** Visits {@code node} and all objects below it, parents before children. */
  public static void walk(JsonNode node, ObjectShape shape, String path, Visitor visitor) {
    if (!(node instanceof ObjectNode obj)) {
      return;
    }
    visitor.visit(obj, shape, path);
    // fields may be replaced by the visitor; walk what is there now
    List<Field> fields = new ArrayList<>(shape.fields());
    for (Field f : fields) {
      JsonNode child = obj.get(f.json());
      if (child == null) {
        continue;
      }
      String childPath = path + "." + f.json();
      if (f.shape() instanceof ObjectShape o) {
        walk(child, o, childPath, visitor);
      } else if (f.shape() instanceof ListShape l && l.item() instanceof ObjectShape o && child.isArray()) {
        for (int i = 0; i < child.size(); i++) {
          walk(child.get(i), o, childPath + "." + i, visitor);
        }
      }
    }
  }
}
