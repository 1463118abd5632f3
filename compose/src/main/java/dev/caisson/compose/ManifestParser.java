package dev.caisson.compose;

import dev.caisson.config.Problem;
import dev.caisson.config.yaml.Scalars;
import dev.caisson.config.yaml.YamlDocument;
import dev.caisson.config.yaml.YamlException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reads an OS manifest, reporting every problem at its line and column. */
public final class ManifestParser {
  private static final Set<String> TOP = Set.of("ref", "release", "mirrors", "packages", "overlays", "postprocess",
      "initramfs", "java", "metadata");
  private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]+(:[a-z0-9]+)?");
  private static final Pattern REF = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

  private final List<Problem> problems = new ArrayList<>();

  private ManifestParser() {}

  public static Manifest parse(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Path dir = file.toAbsolutePath().getParent();
    return parse(text, file.toString(), dir);
  }

  /** Parses {@code text}; {@code dir} resolves relative overlay paths. */
  public static Manifest parse(String text, String name, Path dir) throws ManifestException {
    var p = new ManifestParser();
    Manifest m = p.read(text, name, dir);
    if (!p.problems.isEmpty()) {
      throw new ManifestException(name, p.problems);
    }
    return m;
  }

  private Manifest read(String text, String name, Path dir) {
    Optional<Node> root;
    try {
      root = YamlDocument.compose(text, name);
    } catch (YamlException e) {
      problems.add(Problem.error("$", e.line(), e.column(), e.getMessage()));
      return null;
    }
    if (root.isEmpty() || !(root.get() instanceof MappingNode top)) {
      problems.add(Problem.error("$", root.map(YamlDocument::line).orElse(1), root.map(YamlDocument::column).orElse(1),
          "the manifest must be a mapping with release, packages, metadata, ..."));
      return null;
    }
    Map<String, Node> keys = mapping(top, "$", TOP);
    String release = string(keys, "release", top, "$", true).orElse("");
    String ref = string(keys, "ref", top, "$", false).orElse("caisson/stable/x86_64");
    if (keys.containsKey("ref") && !REF.matcher(ref).matches()) {
      error(keys.get("ref"), "ref '" + ref + "' is not a valid ref name (letters, digits, . _ - and /)");
    }
    List<String> mirrors = strings(keys, "mirrors", "$");
    List<String> packages = strings(keys, "packages", "$");
    if (!keys.containsKey("packages")) {
      error(top, "missing key 'packages': the Debian packages to install");
    } else {
      checkPackages((SequenceNode) (keys.get("packages") instanceof SequenceNode s ? s : null));
    }
    List<Path> overlays = new ArrayList<>();
    if (keys.get("overlays") instanceof SequenceNode seq) {
      for (Node n : seq.getValue()) {
        scalar(n, "$.overlays").ifPresent(s -> {
          Path o = dir.resolve(s).normalize();
          if (!Files.isDirectory(o)) {
            error(n, "overlay " + s + " is not a directory (" + o + ")");
          }
          overlays.add(o);
        });
      }
    } else if (keys.containsKey("overlays")) {
      error(keys.get("overlays"), "'overlays' must be a list of directories");
    }
    List<String> remove = List.of();
    List<String> keepModules = List.of();
    if (keys.get("postprocess") instanceof MappingNode pp) {
      Map<String, Node> ppk = mapping(pp, "$.postprocess", Set.of("remove", "kernel-modules"));
      remove = strings(ppk, "remove", "$.postprocess");
      for (String r : remove) {
        if (r.startsWith("/") || r.contains("..")) {
          error(ppk.get("remove"), "remove pattern '" + r + "' must be relative to the root and stay inside it");
        }
      }
      keepModules = strings(ppk, "kernel-modules", "$.postprocess");
    } else if (keys.containsKey("postprocess")) {
      error(keys.get("postprocess"), "'postprocess' must be a mapping with remove and kernel-modules");
    }
    List<String> initramfs = List.of();
    if (keys.get("initramfs") instanceof MappingNode im) {
      initramfs = strings(mapping(im, "$.initramfs", Set.of("modules")), "modules", "$.initramfs");
    } else if (keys.containsKey("initramfs")) {
      error(keys.get("initramfs"), "'initramfs' must be a mapping with modules");
    }
    List<String> java = List.of();
    if (keys.get("java") instanceof MappingNode jm) {
      java = strings(mapping(jm, "$.java", Set.of("modules")), "modules", "$.java");
    } else if (keys.containsKey("java")) {
      error(keys.get("java"), "'java' must be a mapping with modules");
    }
    String version = "";
    String stream = "";
    if (keys.get("metadata") instanceof MappingNode md) {
      Map<String, Node> mk = mapping(md, "$.metadata", Set.of("version", "stream"));
      version = string(mk, "version", md, "$.metadata", true).orElse("");
      stream = string(mk, "stream", md, "$.metadata", true).orElse("");
    } else if (keys.containsKey("metadata")) {
      error(keys.get("metadata"), "'metadata' must be a mapping with version and stream");
    } else {
      error(top, "missing key 'metadata' (version and stream)");
    }
    if (!problems.isEmpty()) {
      return null;
    }
    return new Manifest(ref, release, mirrors, packages, overlays, remove, keepModules, initramfs, java, version,
        stream);
  }

  private void checkPackages(SequenceNode seq) {
    if (seq == null) {
      return;
    }
    for (Node n : seq.getValue()) {
      if (n instanceof ScalarNode s && !PACKAGE.matcher(s.getValue()).matches()) {
        error(n, "'" + s.getValue() + "' is not a Debian package name");
      }
    }
  }

  private Map<String, Node> mapping(MappingNode m, String path, Set<String> allowed) {
    var out = new LinkedHashMap<String, Node>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        error(t.getKeyNode(), "keys must be plain strings");
        continue;
      }
      if (!allowed.contains(k.getValue())) {
        error(k, "unknown key '" + k.getValue() + "' in " + path + " (known: " + String.join(", ",
            allowed.stream().sorted().toList()) + ")");
        continue;
      }
      if (out.put(k.getValue(), t.getValueNode()) != null) {
        error(k, "duplicate key '" + k.getValue() + "'");
      }
    }
    return out;
  }

  private Optional<String> string(Map<String, Node> keys, String key, Node parent, String path, boolean required) {
    Node n = keys.get(key);
    if (n == null) {
      if (required) {
        error(parent, "missing key '" + key + "' in " + path);
      }
      return Optional.empty();
    }
    Optional<String> s = scalar(n, path + "." + key);
    if (s.isPresent() && s.get().isBlank()) {
      error(n, "'" + key + "' must not be empty");
    }
    return s;
  }

  private List<String> strings(Map<String, Node> keys, String key, String path) {
    Node n = keys.get(key);
    if (n == null) {
      return List.of();
    }
    if (!(n instanceof SequenceNode seq)) {
      error(n, "'" + key + "' must be a list");
      return List.of();
    }
    var out = new ArrayList<String>();
    for (Node item : seq.getValue()) {
      scalar(item, path + "." + key).ifPresent(out::add);
    }
    return out;
  }

  private Optional<String> scalar(Node n, String path) {
    if (n instanceof ScalarNode s && !Scalars.isNull(s)) {
      return Optional.of(s.getValue());
    }
    error(n, path + " must be a string, not " + (n instanceof ScalarNode ? "null" : n instanceof SequenceNode
        ? "a list" : "a mapping"));
    return Optional.empty();
  }

  private void error(Node n, String message) {
    problems.add(Problem.error("$", YamlDocument.line(n), YamlDocument.column(n), message));
  }
}
