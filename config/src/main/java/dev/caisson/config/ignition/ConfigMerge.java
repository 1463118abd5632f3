package dev.caisson.config.ignition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caisson.config.schema.Field;
import dev.caisson.config.schema.Shape.ListShape;
import dev.caisson.config.schema.Shape.ObjectShape;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ignition's config merging (for {@code ignition.config.merge}, and for Butane's generated
 * sections): fields the child sets override the parent's; keyed lists merge entry by entry on
 * their key, new child entries coming after the parent's; lists of plain values gain the child's
 * values not already there; an HTTP header with no value deletes the parent's header of that name;
 * and a file, directory or link replaces any entry of the other two kinds at the same path.
 */
public final class ConfigMerge {
  private static final Set<String> NODE_LISTS = Set.of("files", "directories", "links");

  private final ObjectShape root;

  public ConfigMerge(ObjectShape root) {
    this.root = root;
  }

  /** A new tree: {@code parent} with {@code child} merged over it. Neither input is changed. */
  public ObjectNode merge(ObjectNode parent, ObjectNode child) {
    ObjectNode out = parent.deepCopy();
    mergeObject(out, child, root);
    return out;
  }

  private void mergeObject(ObjectNode into, ObjectNode child, ObjectShape shape) {
    if (shape.name().equals("Storage")) {
      dropReplacedNodes(into, child);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = child.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Field f = shape.byJson(e.getKey()).orElse(null);
      JsonNode existing = into.get(e.getKey());
      if (f == null || existing == null || existing.isNull()) {
        into.set(e.getKey(), e.getValue().deepCopy());
      } else if (f.shape() instanceof ObjectShape o && existing.isObject() && e.getValue().isObject()) {
        mergeObject((ObjectNode) existing, (ObjectNode) e.getValue(), o);
      } else if (f.shape() instanceof ListShape l && existing.isArray() && e.getValue().isArray()) {
        into.set(e.getKey(), mergeList((ArrayNode) existing, (ArrayNode) e.getValue(), l, e.getKey()));
      } else {
        into.set(e.getKey(), e.getValue().deepCopy());
      }
    }
  }

  private ArrayNode mergeList(ArrayNode parent, ArrayNode child, ListShape shape, String name) {
    var byKey = new LinkedHashMap<String, JsonNode>();
    var order = new ArrayList<JsonNode>();
    for (JsonNode p : parent) {
      JsonNode copy = p.deepCopy();
      order.add(copy);
      byKey.putIfAbsent(key(copy, shape), copy);
    }
    for (JsonNode c : child) {
      String k = key(c, shape);
      JsonNode match = byKey.get(k);
      if (match == null) {
        JsonNode copy = c.deepCopy();
        order.add(copy);
        byKey.put(k, copy);
      } else if (shape.item() instanceof ObjectShape o && match.isObject() && c.isObject()) {
        if (name.equals("httpHeaders") && (!c.has("value") || c.get("value").isNull())) {
          order.remove(match);
          byKey.remove(k);
        } else {
          mergeObject((ObjectNode) match, (ObjectNode) c, o);
        }
      }
    }
    ArrayNode out = parent.arrayNode();
    order.forEach(out::add);
    return out;
  }

  /** An entry's identity: its key fields, or the whole value for plain lists. */
  static String key(JsonNode entry, ListShape shape) {
    if (shape.key().isEmpty() || !entry.isObject()) {
      return entry.toString();
    }
    if (shape.key().equals(List.of("number", "label"))) {
      JsonNode number = entry.get("number");
      if (number != null && number.asInt() != 0) {
        return "number:" + number.asInt();
      }
      JsonNode label = entry.get("label");
      return "label:" + (label == null ? "" : label.asText());
    }
    var sb = new StringBuilder();
    for (String k : shape.key()) {
      JsonNode v = entry.get(k);
      sb.append(v == null ? "" : v.asText()).append('\u0000');
    }
    return sb.toString();
  }

  /** A child file, directory or link replaces the parent's node of another kind at its path. */
  private static void dropReplacedNodes(ObjectNode parentStorage, ObjectNode childStorage) {
    for (String childList : NODE_LISTS) {
      JsonNode entries = childStorage.get(childList);
      if (entries == null || !entries.isArray()) {
        continue;
      }
      for (JsonNode e : entries) {
        String path = e.path("path").asText(null);
        if (path == null) {
          continue;
        }
        for (String other : NODE_LISTS) {
          JsonNode list = parentStorage.get(other);
          if (other.equals(childList) || list == null || !list.isArray()) {
            continue;
          }
          ArrayNode arr = (ArrayNode) list;
          for (int i = arr.size() - 1; i >= 0; i--) {
            if (path.equals(arr.get(i).path("path").asText(null))) {
              arr.remove(i);
            }
          }
        }
      }
    }
  }
}
