package dev.caisson.config.butane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caisson.config.Problem;
import dev.caisson.config.SourceMap;
import dev.caisson.config.Suggest;
import dev.caisson.config.ignition.SpecVersion;
import dev.caisson.config.schema.Field;
import dev.caisson.config.schema.Shape;
import dev.caisson.config.schema.Shape.Leaf;
import dev.caisson.config.schema.Shape.ListShape;
import dev.caisson.config.schema.Shape.ObjectShape;
import dev.caisson.config.yaml.Scalars;
import dev.caisson.config.yaml.YamlDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Walks a Butane YAML tree along the schema and builds the JSON tree: Ignition fields under their
 * camelCase names, Butane sugar under its YAML names (translated away later). Records where each
 * JSON path came from, reports unknown keys as warnings (with a suggestion) and type mismatches as
 * errors, and goes on after each problem so that all are reported at once.
 */
final class YamlToJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final SpecVersion spec;
  private final SourceMap origins;
  private final List<Problem> problems;

  YamlToJson(SpecVersion spec, SourceMap origins, List<Problem> problems) {
    this.spec = spec;
    this.origins = origins;
    this.problems = problems;
  }

  ObjectNode object(Node node, ObjectShape shape, String yamlPath, String jsonPath) {
    ObjectNode out = JSON.objectNode();
    origins.put(jsonPath, yamlPath, YamlDocument.line(node), YamlDocument.column(node));
    if (!(node instanceof MappingNode map)) {
      typeError(node, yamlPath, shape.name());
      return out;
    }
    for (Map.Entry<String, Entry> e : entries(map, yamlPath).entrySet()) {
      String key = e.getKey();
      Entry entry = e.getValue();
      Optional<Field> field = shape.byYaml(key).filter(f -> f.in(spec) && !(f.json().equals("version")
          && shape.name().equals("Ignition")));
      String childYaml = yamlPath + "." + key;
      if (field.isEmpty()) {
        unknownKey(shape, key, entry.keyNode, childYaml);
        continue;
      }
      Field f = field.get();
      if (entry.value instanceof ScalarNode s && Scalars.isNull(s)) {
        continue;
      }
      String childJson = jsonPath + "." + f.json();
      JsonNode value = value(entry.value, f.shape(), childYaml, childJson);
      if (value != null) {
        out.set(f.json(), value);
      }
    }
    return out;
  }

  private JsonNode value(Node node, Shape shape, String yamlPath, String jsonPath) {
    origins.put(jsonPath, yamlPath, YamlDocument.line(node), YamlDocument.column(node));
    if (shape instanceof ObjectShape o) {
      return object(node, o, yamlPath, jsonPath);
    }
    if (shape instanceof ListShape l) {
      return list(node, l, yamlPath, jsonPath);
    }
    return leaf(node, (Leaf) shape, yamlPath);
  }

  private ArrayNode list(Node node, ListShape shape, String yamlPath, String jsonPath) {
    ArrayNode out = JSON.arrayNode();
    if (!(node instanceof SequenceNode seq)) {
      typeError(node, yamlPath, "a list");
      return out;
    }
    int i = 0;
    for (Node item : seq.getValue()) {
      if (item instanceof ScalarNode s && Scalars.isNull(s) && shape.item() instanceof ObjectShape) {
        out.add(JSON.objectNode());
      } else {
        JsonNode v = value(item, shape.item(), yamlPath + "." + i, jsonPath + "." + i);
        out.add(v == null ? JSON.nullNode() : v);
      }
      i++;
    }
    return out;
  }

  private JsonNode leaf(Node node, Leaf leaf, String yamlPath) {
    if (!(node instanceof ScalarNode s)) {
      typeError(node, yamlPath, leaf.kind().name().toLowerCase(java.util.Locale.ROOT));
      return null;
    }
    switch (leaf.kind()) {
      case STRING:
        return JSON.textNode(s.getValue());
      case INT: {
        Optional<Long> v = Scalars.integer(s);
        if (v.isEmpty() || v.get() > Integer.MAX_VALUE || v.get() < Integer.MIN_VALUE) {
          problems.add(Problem.error(yamlPath, YamlDocument.line(s), YamlDocument.column(s),
              "cannot unmarshal " + Scalars.yamlType(s) + " `" + s.getValue() + "` into int; write a number such as "
                  + (yamlPath.endsWith("mode") ? "0644 (octal, with a leading zero)" : "1000")));
          return null;
        }
        return JSON.numberNode(v.get().intValue());
      }
      default: {
        Optional<Boolean> v = Scalars.bool(s);
        if (v.isEmpty()) {
          problems.add(Problem.error(yamlPath, YamlDocument.line(s), YamlDocument.column(s),
              "cannot unmarshal " + Scalars.yamlType(s) + " `" + s.getValue() + "` into bool; write true or false"));
          return null;
        }
        return JSON.booleanNode(v.get());
      }
    }
  }

  private void typeError(Node node, String yamlPath, String wanted) {
    String got = node instanceof MappingNode ? "!!map"
        : node instanceof SequenceNode ? "!!seq"
        : node instanceof ScalarNode s ? Scalars.yamlType(s) + " `" + s.getValue() + "`"
        : "a value";
    problems.add(Problem.error(yamlPath, YamlDocument.line(node), YamlDocument.column(node),
        "cannot unmarshal " + got + " into " + article(wanted)));
  }

  private static String article(String wanted) {
    if (wanted.startsWith("a ") || wanted.equals("int") || wanted.equals("bool") || wanted.equals("string")) {
      return wanted;
    }
    return "a " + wanted + " (a mapping of keys to values)";
  }

  private void unknownKey(ObjectShape shape, String key, Node keyNode, String yamlPath) {
    String msg = "Unused key " + key;
    Optional<Field> later = shape.byYaml(key);
    if (later.isPresent() && !later.get().in(spec)) {
      msg += "; it needs Ignition spec " + later.get().since() + " or newer (a newer variant version)";
    } else {
      String best = Suggest.closest(key, shape.fields().stream().filter(f -> f.in(spec)).map(Field::yaml).toList());
      if (best != null) {
        msg += "; did you mean `" + best + "`?";
      }
    }
    problems.add(Problem.warning(yamlPath, YamlDocument.line(keyNode), YamlDocument.column(keyNode), msg));
  }

  /** A mapping's entries by key, with {@code <<} merge keys applied (and warned about). */
  private record Entry(Node keyNode, Node value) {}

  private Map<String, Entry> entries(MappingNode map, String yamlPath) {
    var out = new LinkedHashMap<String, Entry>();
    var seen = new HashMap<String, Integer>();
    var merged = new ArrayList<MappingNode>();
    for (NodeTuple t : map.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        problems.add(Problem.error(yamlPath, YamlDocument.line(t.getKeyNode()), YamlDocument.column(t.getKeyNode()),
            "keys must be plain strings"));
        continue;
      }
      String key = k.getValue();
      if (key.equals("<<")) {
        problems.add(Problem.warning(yamlPath + ".<<", YamlDocument.line(k), YamlDocument.column(k), "Unused key <<"));
        Node v = t.getValueNode();
        if (v instanceof MappingNode m) {
          merged.add(m);
        } else if (v instanceof SequenceNode s) {
          s.getValue().stream().filter(MappingNode.class::isInstance).map(MappingNode.class::cast).forEach(merged::add);
        }
        continue;
      }
      Integer first = seen.putIfAbsent(key, YamlDocument.line(k));
      if (first != null) {
        problems.add(Problem.error(yamlPath + "." + key, YamlDocument.line(k), YamlDocument.column(k),
            "mapping key \"" + key + "\" already defined at line " + first + "; remove one of them"));
        continue;
      }
      out.put(key, new Entry(k, t.getValueNode()));
    }
    for (MappingNode m : merged) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && !out.containsKey(k.getValue())) {
          out.put(k.getValue(), new Entry(k, t.getValueNode()));
        }
      }
    }
    return out;
  }
}
