package dev.caisson.config.butane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caisson.config.schema.Shape.ObjectShape;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Translates the sugar that embeds contents: a resource's {@code inline} and {@code local} become
 * a {@code data:} URL; {@code contents_local} of units and drop-ins and a user's
 * {@code ssh_authorized_keys_local} are read from the files dir.
 */
final class LocalSugar {
  private static final Pattern LINES = Pattern.compile("\r?\n");

  private LocalSugar() {}

  static void translate(ObjectNode node, ObjectShape shape, String path, Context ctx) {
    switch (shape.name()) {
      case "Resource" -> resource(node, path, ctx);
      case "Unit", "Dropin" -> contentsLocal(node, path, ctx);
      case "PasswdUser" -> sshKeysLocal(node, path, ctx);
      default -> { }
    }
  }

  private static void resource(ObjectNode node, String path, Context ctx) {
    JsonNode inline = node.remove("inline");
    JsonNode local = node.remove("local");
    byte[] contents = null;
    String from = null;
    if (local != null) {
      from = path + ".local";
      try {
        contents = ctx.filesDir().read(local.asText());
      } catch (FilesDir.LocalFileException e) {
        ctx.error(from, e.getMessage());
        return;
      }
    }
    if (inline != null) {
      from = path + ".inline";
      contents = inline.asText().getBytes(StandardCharsets.UTF_8);
    }
    if (contents == null) {
      return;
    }
    String compression = node.hasNonNull("compression") ? node.get("compression").asText() : null;
    DataUrl url = DataUrl.of(contents, compression, ctx.allowCompression());
    node.put("source", url.url());
    ctx.origins().alias(path + ".source", from);
    if (url.compression() != null) {
      node.put("compression", url.compression());
      ctx.origins().alias(path + ".compression", from);
    }
  }

  private static void contentsLocal(ObjectNode node, String path, Context ctx) {
    JsonNode local = node.remove("contents_local");
    if (local == null || local.asText().isEmpty()) {
      return;
    }
    try {
      byte[] bytes = ctx.filesDir().read(local.asText());
      node.put("contents", new String(bytes, StandardCharsets.UTF_8));
      ctx.origins().alias(path + ".contents", path + ".contents_local");
    } catch (FilesDir.LocalFileException e) {
      ctx.error(path + ".contents_local", e.getMessage());
    }
  }

  private static void sshKeysLocal(ObjectNode node, String path, Context ctx) {
    JsonNode files = node.remove("ssh_authorized_keys_local");
    if (files == null || !files.isArray() || files.isEmpty()) {
      return;
    }
    String from = path + ".ssh_authorized_keys_local";
    if (!ctx.filesDir().present()) {
      ctx.error(from, "local file paths are relative to a files directory that must be specified with "
          + "-d/--files-dir");
      return;
    }
    ArrayNode keys = node.has("sshAuthorizedKeys") ? (ArrayNode) node.get("sshAuthorizedKeys")
        : node.putArray("sshAuthorizedKeys");
    ctx.origins().alias(path + ".sshAuthorizedKeys", from);
    for (int i = 0; i < files.size(); i++) {
      try {
        String text = new String(ctx.filesDir().read(files.get(i).asText()), StandardCharsets.UTF_8);
        for (String line : LINES.split(text, -1)) {
          if (!line.isEmpty()) {
            ctx.origins().alias(path + ".sshAuthorizedKeys." + keys.size(), from + "." + i);
            keys.add(line);
          }
        }
      } catch (FilesDir.LocalFileException e) {
        ctx.error(from + "." + i, e.getMessage());
      }
    }
  }
}
