package dev.caisson.config.butane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code storage.trees}: every regular file under a files-dir directory becomes a file entry (mode
 * 0755 if executable, else 0644, unless the tree or the config says otherwise) and every symlink a
 * link entry with its target as written. A node that the config already gives contents, or another
 * kind of node at the same path, is an error.
 */
final class Trees {
  private Trees() {}

  static void translate(ObjectNode config, Context ctx) {
    JsonNode trees = config.path("storage").path("trees");
    if (!trees.isArray() || trees.isEmpty()) {
      return;
    }
    ObjectNode storage = (ObjectNode) config.get("storage");
    ArrayNode files = storage.has("files") ? (ArrayNode) storage.get("files") : storage.putArray("files");
    ArrayNode links = storage.has("links") ? (ArrayNode) storage.get("links") : storage.putArray("links");
    Map<String, ObjectNode> fileByPath = index(files);
    Map<String, ObjectNode> linkByPath = index(links);
    var other = new HashMap<String, Boolean>();
    storage.path("directories").forEach(d -> other.put(d.path("path").asText(), true));
    for (int i = 0; i < trees.size(); i++) {
      JsonNode tree = trees.get(i);
      String treePath = "$.storage.trees." + i;
      if (!ctx.filesDir().present()) {
        ctx.error(treePath, "local file paths are relative to a files directory that must be specified with "
            + "-d/--files-dir");
        return;
      }
      if (tree.path("local").asText("").isEmpty()) {
        continue;
      }
      Path base;
      try {
        base = ctx.filesDir().resolve(tree.path("local").asText());
      } catch (FilesDir.LocalFileException e) {
        ctx.error(treePath, e.getMessage());
        continue;
      }
      if (!Files.isDirectory(base)) {
        ctx.error(treePath, "root of tree must be a directory");
        continue;
      }
      String dest = tree.path("path").asText("");
      if (dest.isEmpty()) {
        dest = "/";
      }
      for (Path p : walk(base, treePath, ctx)) {
        String target = join(dest, base.relativize(p).toString());
        if (Files.isSymbolicLink(p)) {
          ObjectNode link = linkByPath.get(target);
          if (link != null ? link.hasNonNull("target") : fileByPath.containsKey(target) || other.containsKey(target)) {
            ctx.error(treePath, "matching filesystem node has existing contents or different type: " + target);
            continue;
          }
          if (link == null) {
            link = links.addObject();
            link.put("path", target);
            linkByPath.put(target, link);
            ctx.origins().alias("$.storage.links." + (links.size() - 1), treePath);
          }
          owner(link, tree);
          try {
            link.put("target", Files.readSymbolicLink(p).toString());
          } catch (IOException e) {
            ctx.error(treePath, "cannot read link " + p + ": " + e.getMessage());
          }
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          ObjectNode file = fileByPath.get(target);
          if (file != null ? file.path("contents").hasNonNull("source")
              : linkByPath.containsKey(target) || other.containsKey(target)) {
            ctx.error(treePath, "matching filesystem node has existing contents or different type: " + target);
            continue;
          }
          if (file == null) {
            file = files.addObject();
            file.put("path", target);
            fileByPath.put(target, file);
            ctx.origins().alias("$.storage.files." + (files.size() - 1), treePath);
          }
          owner(file, tree);
          fill(file, p, tree, treePath, ctx);
        } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          ctx.error(treePath, "trees may only contain files, directories, and symlinks: " + p);
        }
      }
    }
    if (links.isEmpty()) {
      storage.remove("links");
    }
    if (files.isEmpty()) {
      storage.remove("files");
    }
  }

  private static void fill(ObjectNode file, Path p, JsonNode tree, String treePath, Context ctx) {
    try {
      byte[] bytes = Files.readAllBytes(p);
      ObjectNode contents = file.has("contents") ? (ObjectNode) file.get("contents") : file.putObject("contents");
      String compression = contents.hasNonNull("compression") ? contents.get("compression").asText() : null;
      DataUrl url = DataUrl.of(bytes, compression, ctx.allowCompression());
      contents.put("source", url.url());
      if (url.compression() != null) {
        contents.put("compression", url.compression());
      }
      if (!file.has("mode")) {
        if (tree.has("file_mode")) {
          file.put("mode", tree.get("file_mode").asInt());
        } else {
          file.put("mode", Files.isExecutable(p) ? 0755 : 0644);
        }
      }
    } catch (IOException e) {
      ctx.error(treePath, "cannot read " + p + ": " + e.getMessage());
    }
  }

  private static void owner(ObjectNode node, JsonNode tree) {
    if (tree.has("user") && !node.has("user")) {
      node.set("user", tree.get("user").deepCopy());
    }
    if (tree.has("group") && !node.has("group")) {
      node.set("group", tree.get("group").deepCopy());
    }
  }

  private static List<Path> walk(Path base, String treePath, Context ctx) {
    try (Stream<Path> s = Files.walk(base)) {
      var all = new ArrayList<Path>(s.filter(p -> !p.equals(base)).toList());
      all.sort(Trees::byComponents);
      return all;
    } catch (IOException e) {
      ctx.error(treePath, "cannot walk " + base + ": " + e.getMessage());
      return List.of();
    }
  }

  /** Depth-first, names in byte order within each directory: the order Go's filepath.Walk takes. */
  private static int byComponents(Path a, Path b) {
    int n = Math.min(a.getNameCount(), b.getNameCount());
    for (int i = 0; i < n; i++) {
      int c = a.getName(i).toString().compareTo(b.getName(i).toString());
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.getNameCount(), b.getNameCount());
  }

  private static Map<String, ObjectNode> index(ArrayNode nodes) {
    var map = new HashMap<String, ObjectNode>();
    for (JsonNode n : nodes) {
      if (n.isObject()) {
        map.putIfAbsent(n.path("path").asText(), (ObjectNode) n);
      }
    }
    return map;
  }

  private static String join(String dest, String rel) {
    String sep = dest.endsWith("/") ? "" : "/";
    return (dest + sep + rel).replaceAll("/+", "/");
  }
}
