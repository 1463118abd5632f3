package dev.caisson.config.butane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caisson.config.Problem;
import dev.caisson.config.Report;
import dev.caisson.config.SourceMap;
import dev.caisson.config.SourceText;
import dev.caisson.config.ignition.ConfigMerge;
import dev.caisson.config.ignition.IgnitionJson;
import dev.caisson.config.ignition.IgnitionValidator;
import dev.caisson.config.ignition.SpecVersion;
import dev.caisson.config.schema.ConfigSchema;
import dev.caisson.config.schema.Field;
import dev.caisson.config.schema.SchemaWalk;
import dev.caisson.config.schema.Shape;
import dev.caisson.config.schema.Shape.ObjectShape;
import dev.caisson.config.yaml.Scalars;
import dev.caisson.config.yaml.YamlDocument;
import dev.caisson.config.yaml.YamlException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Butane YAML in, Ignition JSON out. Every problem (YAML syntax, unknown keys, types, Butane's
 * rules, and Ignition's rules on the generated JSON) is reported at its YAML line and column, and
 * all of them are reported in one run. There is no output when any is an error.
 */
public final class ButaneTranslator {
  /**
   * @param filesDir where {@code local} paths point, if given
   * @param allowCompression whether inline contents may be gzipped when that is shorter
   */
  public record Options(Optional<Path> filesDir, boolean allowCompression) {
    public static Options defaults() {
      return new Options(Optional.empty(), true);
    }
  }

  /** The translated config (absent on errors), the problems, and the variant that was used. */
  public record Result(Optional<ObjectNode> config, Report report, Optional<Variant> variant) {}

  private final ConfigSchema schema = new ConfigSchema();
  private final IgnitionValidator validator = new IgnitionValidator(schema);

  public Result translate(SourceText source, Options options) {
    var problems = new ArrayList<Problem>();
    Optional<Node> root;
    try {
      root = YamlDocument.compose(source.text(), source.name());
    } catch (YamlException e) {
      problems.add(Problem.error("$", e.line(), e.column(), e.getMessage()));
      return new Result(Optional.empty(), new Report(problems), Optional.empty());
    }
    if (root.isEmpty() || !(root.get() instanceof MappingNode map)) {
      int line = root.map(YamlDocument::line).orElse(0);
      problems.add(Problem.error("$", line, root.map(YamlDocument::column).orElse(0),
          "error parsing variant; must be specified: start the config with `variant: fcos` and `version: 1.5.0`"));
      return new Result(Optional.empty(), new Report(problems), Optional.empty());
    }
    Optional<Variant> variant = variant(map, problems);
    if (variant.isEmpty()) {
      return new Result(Optional.empty(), new Report(problems), Optional.empty());
    }
    Variant v = variant.get();
    var origins = new SourceMap();
    var ctx = new Context(v, new FilesDir(options.filesDir()), options.allowCompression(), origins, problems);
    ObjectNode tree = new YamlToJson(v.spec(), origins, problems).object(map, butaneRoot(v), "$", "$");

    SchemaWalk.walk(tree, schema.root(), "$", (node, shape, path) -> ButaneChecks.check(node, shape, path, ctx));
    JsonNode bootDevice = tree.remove("boot_device");
    JsonNode grub = tree.remove("grub");
    tree.remove("variant");
    tree.remove("version");
    if (bootDevice != null) {
      BootDevice.check(bootDevice, ctx);
    }
    SchemaWalk.walk(tree, schema.root(), "$", (node, shape, path) -> LocalSugar.translate(node, shape, path, ctx));
    ObjectNode config = tree;
    ObjectNode mounts = MountUnits.render(config, ctx);
    Trees.translate(config, ctx);
    var merge = new ConfigMerge(schema.root());
    if (mounts != null) {
      config = merge.merge(mounts, config);
    }
    if (bootDevice != null) {
      ObjectNode rendered = BootDevice.render(bootDevice);
      if (rendered != null) {
        config = merge.merge(rendered, config);
        origins.alias("$.storage", "$.boot_device");
      }
    }
    if (grub != null) {
      ObjectNode rendered = BootDevice.renderGrub(grub, ctx);
      if (rendered != null) {
        config = merge.merge(rendered, config);
      }
    }
    stripSugar(config, schema.root());
    ObjectNode ignition = config.has("ignition") ? (ObjectNode) config.get("ignition") : config.putObject("ignition");
    ignition.put("version", v.spec().text());
    IgnitionJson.order(config, schema.root());

    // Unlike Butane, report the generated config's problems even when the source already had some.
    for (Problem p : validator.validate(config, v.spec()).problems()) {
      problems.add(origins.place(p));
    }
    Report report = new Report(problems).sorted();
    return new Result(report.hasErrors() ? Optional.empty() : Optional.of(config), report, variant);
  }

  private static Optional<Variant> variant(MappingNode map, List<Problem> problems) {
    ScalarNode variant = null;
    ScalarNode version = null;
    for (NodeTuple t : map.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && t.getValueNode() instanceof ScalarNode v && !Scalars.isNull(v)) {
        if (k.getValue().equals("variant")) {
          variant = v;
        } else if (k.getValue().equals("version")) {
          version = v;
        }
      }
    }
    if (variant == null) {
      problems.add(Problem.error("$.variant", YamlDocument.line(map), YamlDocument.column(map),
          "error parsing variant; must be specified: add `variant: fcos` (or flatcar, caisson)"));
      return Optional.empty();
    }
    if (variant.getValue().equals("rhcos")) {
      problems.add(Problem.error("$.variant", YamlDocument.line(variant), YamlDocument.column(variant),
          "rhcos variant has been removed; use openshift variant instead"));
      return Optional.empty();
    }
    if (version == null || !version.getValue().matches("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?")) {
      Node at = version == null ? variant : version;
      problems.add(Problem.error("$.version", YamlDocument.line(at), YamlDocument.column(at),
          "error parsing version; must be a valid semver such as 1.5.0"));
      return Optional.empty();
    }
    String name = variant.getValue();
    Optional<Variant> found = Variant.find(name, version.getValue());
    if (found.isEmpty()) {
      String known = String.join(", ", Variant.all().stream().filter(x -> x.name().equals(name))
          .map(Variant::version).toList());
      problems.add(Problem.error("$.version", YamlDocument.line(version), YamlDocument.column(version),
          "No translator exists for variant " + variant.getValue() + " with version " + version.getValue()
              + (known.isEmpty() ? "; known variants: fcos, flatcar, caisson" : "; known versions: " + known)));
    }
    return found;
  }

  /** The Butane document's top level: variant, version, the Ignition sections, and the variant's own. */
  private ObjectShape butaneRoot(Variant v) {
    var fields = new ArrayList<Field>();
    var str = new Shape.Leaf(Shape.LeafKind.STRING);
    fields.add(new Field("variant", "variant", str, SpecVersion.V3_0_0, true, true));
    fields.add(new Field("version", "version", str, SpecVersion.V3_0_0, true, true));
    fields.addAll(schema.root().fields().stream()
        .map(f -> f.json().equals("ignition") ? new Field(f.json(), f.yaml(), f.shape(), f.since(), false, false) : f)
        .toList());
    if (v.has(Variant.Feature.BOOT_DEVICE)) {
      fields.add(new Field("boot_device", "boot_device", BootDeviceShape.of(v, schema), SpecVersion.V3_0_0, true,
          false));
    }
    if (v.has(Variant.Feature.GRUB)) {
      fields.add(new Field("grub", "grub", BootDeviceShape.grub(), SpecVersion.V3_0_0, true, false));
    }
    return new ObjectShape("Butane", fields);
  }

  /** Removes Butane-only keys left in the tree (variant-specific sugar already translated). */
  private static void stripSugar(JsonNode node, ObjectShape shape) {
    if (!(node instanceof ObjectNode obj)) {
      return;
    }
    for (Field f : shape.fields()) {
      JsonNode child = obj.get(f.json());
      if (child == null) {
        continue;
      }
      if (f.butaneOnly()) {
        obj.remove(f.json());
      } else if (f.shape() instanceof ObjectShape o) {
        stripSugar(child, o);
      } else if (f.shape() instanceof Shape.ListShape l && l.item() instanceof ObjectShape o) {
        child.forEach(item -> stripSugar(item, o));
      }
    }
    if (shape.name().equals("Storage") && obj.has("files") && obj.get("files").isEmpty()) {
      obj.remove("files");
    }
  }
}
