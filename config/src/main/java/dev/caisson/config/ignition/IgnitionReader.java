package dev.caisson.config.ignition;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caisson.config.Problem;
import dev.caisson.config.Report;
import dev.caisson.config.SourceMap;
import dev.caisson.config.SourceText;
import dev.caisson.config.Suggest;
import dev.caisson.config.schema.ConfigSchema;
import dev.caisson.config.schema.Field;
import dev.caisson.config.schema.Shape;
import dev.caisson.config.schema.Shape.Leaf;
import dev.caisson.config.schema.Shape.ListShape;
import dev.caisson.config.schema.Shape.ObjectShape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads Ignition JSON from any producer: parses it keeping every value's line and column, finds
 * its spec version, checks each value's type against that spec (unknown keys are warnings, as in
 * Ignition; a duplicated key keeps its last value, as Go does), validates it, and upgrades it to
 * the newest spec. Every problem carries the JSON line and column.
 */
public final class IgnitionReader {
  /** Nesting far beyond any config; deeper input fails fast. */
  static final int MAX_DEPTH = 64;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Suffix of the source-map entries that record where a key (not its value) stands. */
  private static final String KEY = "#key";

  private final ConfigSchema schema;
  private final IgnitionValidator validator;
  private final JsonFactory factory;

  public IgnitionReader(ConfigSchema schema) {
    this.schema = schema;
    this.validator = new IgnitionValidator(schema);
    this.factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
            .maxStringLength(64 * 1024 * 1024).build())
        .build();
  }

  /**
   * The config as read, its spec version, and the problems.
   *
   * @param config the tree, upgraded to {@link SpecVersion#LATEST}; absent on errors
   */
  public record Result(Optional<ObjectNode> config, Optional<SpecVersion> version, Report report) {}

  public Result read(SourceText source) {
    // Most configs are valid: read them once without recording positions (a path string and an
    // origin for every node cost more than the rest of the reading); only a config with something
    // to report is read again, with every line and column.
    Result fast = read(source, SourceMap.none());
    return fast.report().isEmpty() ? fast : read(source, new SourceMap());
  }

  private Result read(SourceText source, SourceMap origins) {
    var problems = new ArrayList<Problem>();
    if (source.text().isBlank()) {
      problems.add(Problem.error("$", 0, 0, "empty config: an Ignition config needs at least "
          + "{\"ignition\": {\"version\": \"3.4.0\"}}"));
      return new Result(Optional.empty(), Optional.empty(), new Report(problems));
    }
    JsonNode root;
    try (JsonParser p = factory.createParser(source.text())) {
      JsonToken first = p.nextToken();
      root = value(p, first, "$", origins);
      if (p.nextToken() != null) {
        JsonLocation at = p.currentTokenLocation();
        problems.add(Problem.error("$", at.getLineNr(), at.getColumnNr(), "unexpected content after the config"));
      }
    } catch (JsonParseException e) {
      JsonLocation at = e.getLocation();
      String msg = e.getOriginalMessage().replaceAll("\\s*\\n.*", "");
      problems.add(Problem.error("$", at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
          "invalid JSON: " + msg));
      return new Result(Optional.empty(), Optional.empty(), new Report(problems));
    } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
      problems.add(Problem.error("$", 0, 0, "invalid JSON: the document is nested more than " + MAX_DEPTH
          + " levels deep, or a value is too large"));
      return new Result(Optional.empty(), Optional.empty(), new Report(problems));
    } catch (IOException e) {
      problems.add(Problem.error("$", 0, 0, "cannot read the config: " + e.getMessage()));
      return new Result(Optional.empty(), Optional.empty(), new Report(problems));
    }
    if (!(root instanceof ObjectNode config)) {
      problems.add(at(origins, "$", "the config must be a JSON object"));
      return new Result(Optional.empty(), Optional.empty(), new Report(problems));
    }
    Optional<SpecVersion> version = version(config, origins, problems);
    if (version.isEmpty()) {
      return new Result(Optional.empty(), Optional.empty(), new Report(problems));
    }
    typeCheck(config, schema.root(), "$", version.get(), origins, problems);
    if (problems.stream().noneMatch(p -> p.severity() == dev.caisson.config.Severity.ERROR)) {
      for (Problem p : validator.validate(config, version.get()).problems()) {
        problems.add(origins.place(p));
      }
    }
    Report report = problems.isEmpty() ? Report.EMPTY : new Report(problems).sorted();
    if (report.hasErrors()) {
      return new Result(Optional.empty(), version, report);
    }
    // the tree is this call's own: upgrade it in place
    ((ObjectNode) config.get("ignition")).put("version", SpecVersion.LATEST.text());
    return new Result(Optional.of(config), version, report);
  }

  private static Optional<SpecVersion> version(ObjectNode config, SourceMap origins, List<Problem> problems) {
    JsonNode v = config.path("ignition").path("version");
    if (!v.isTextual()) {
      problems.add(at(origins, v.isMissingNode() ? "$" : "$.ignition.version",
          "ignition.version is required: add \"ignition\": {\"version\": \"3.4.0\"}"));
      return Optional.empty();
    }
    Optional<SpecVersion> spec = SpecVersion.parse(v.asText());
    if (spec.isEmpty()) {
      String text = v.asText();
      String hint = text.startsWith("2.") ? "; this is a spec 2 config: translate it to spec 3 first"
          : !text.matches("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?") ? "; it is not a valid semver"
          : "; use one of 3.0.0 to 3.6.0, or 3.7.0-experimental";
      problems.add(at(origins, "$.ignition.version", "unsupported config version " + text + hint));
    }
    return spec;
  }

  private static Problem at(SourceMap origins, String path, String message) {
    return origins.place(Problem.error(path, 0, 0, message));
  }

  private JsonNode value(JsonParser p, JsonToken t, String path, SourceMap origins) throws IOException {
    boolean record = origins.recording();
    if (record) {
      JsonLocation loc = p.currentTokenLocation();
      origins.put(path, path, loc.getLineNr(), loc.getColumnNr());
    }
    if (t == JsonToken.START_OBJECT) {
      ObjectNode obj = JSON.objectNode();
      for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
        String name = p.currentName();
        String child = null;
        if (record) {
          child = path + "." + name;
          JsonLocation keyAt = p.currentTokenLocation();
          origins.put(child + KEY, child, keyAt.getLineNr(), keyAt.getColumnNr());
        }
        JsonToken vt = p.nextToken();
        obj.set(name, value(p, vt, child, origins));
      }
      return obj;
    }
    if (t == JsonToken.START_ARRAY) {
      ArrayNode arr = JSON.arrayNode();
      int i = 0;
      for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
        arr.add(value(p, e, record ? path + "." + i : null, origins));
        i++;
      }
      return arr;
    }
    return switch (t) {
      case VALUE_STRING -> JSON.textNode(p.getText());
      case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.INT ? JSON.numberNode(p.getIntValue())
          : JSON.numberNode(p.getLongValue());
      case VALUE_NUMBER_FLOAT -> JSON.numberNode(p.getDoubleValue());
      case VALUE_TRUE -> JSON.booleanNode(true);
      case VALUE_FALSE -> JSON.booleanNode(false);
      case VALUE_NULL -> JSON.nullNode();
      default -> throw new JsonParseException(p, "unexpected " + t);
    };
  }

  private static void typeCheck(JsonNode node, Shape shape, String path, SpecVersion spec, SourceMap origins,
      List<Problem> problems) {
    if (node.isNull()) {
      return;
    }
    if (shape instanceof ObjectShape o) {
      if (!node.isObject()) {
        problems.add(at(origins, path, "cannot unmarshal " + kind(node) + " into an object (" + o.name() + ")"));
        return;
      }
      var it = node.fields();
      while (it.hasNext()) {
        var e = it.next();
        Optional<Field> f = o.byJson(e.getKey()).filter(x -> !x.butaneOnly() && x.in(spec));
        String child = path + "." + e.getKey();
        if (f.isEmpty()) {
          String hint;
          if (o.byJson(e.getKey()).filter(x -> !x.butaneOnly()).isPresent()) {
            hint = " (it needs a newer spec version than " + spec + ")";
          } else {
            String best = Suggest.closest(e.getKey(), ConfigSchema.names(o, spec, false));
            hint = best == null ? "" : "; did you mean `" + best + "`?";
          }
          Problem warning = origins.place(Problem.warning(child + KEY, 0, 0, "unused key " + e.getKey() + hint));
          problems.add(new Problem(warning.severity(), child, warning.line(), warning.column(), warning.message()));
        } else {
          typeCheck(e.getValue(), f.get().shape(), child, spec, origins, problems);
        }
      }
    } else if (shape instanceof ListShape l) {
      if (!node.isArray()) {
        problems.add(at(origins, path, "cannot unmarshal " + kind(node) + " into a list"));
        return;
      }
      for (int i = 0; i < node.size(); i++) {
        typeCheck(node.get(i), l.item(), path + "." + i, spec, origins, problems);
      }
    } else {
      Leaf leaf = (Leaf) shape;
      boolean ok = switch (leaf.kind()) {
        case STRING -> node.isTextual();
        case INT -> node.isInt();
        case BOOL -> node.isBoolean();
      };
      if (!ok) {
        problems.add(at(origins, path, "cannot unmarshal " + kind(node) + " into "
            + leaf.kind().name().toLowerCase(java.util.Locale.ROOT) + (leaf.kind() == Shape.LeafKind.INT
                && path.endsWith(".mode") ? ": JSON modes are decimal numbers (0644 is 420)" : "")));
      }
    }
  }

  private static String kind(JsonNode n) {
    return n.isTextual() ? "string" : n.isNumber() ? "number" : n.isBoolean() ? "bool" : n.isArray() ? "array"
        : n.isObject() ? "object" : "null";
  }
}
