package dev.caisson.config.butane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caisson.config.schema.Shape.ObjectShape;
import java.util.regex.Pattern;

/** Butane's own checks, made on the source before its sugar is translated away. */
final class ButaneChecks {
  private static final Pattern ETC_OR_VAR = Pattern.compile("^/(etc|var)(/|$)");

  private ButaneChecks() {}

  static void check(ObjectNode node, ObjectShape shape, String path, Context ctx) {
    switch (shape.name()) {
      case "Resource" -> resource(node, path, ctx);
      case "File" -> mode(node, path, false, ctx);
      case "Directory" -> mode(node, path, true, ctx);
      case "Unit", "Dropin" -> {
        if (node.has("contents") && node.has("contents_local")) {
          ctx.error(path + ".contents_local", "only one of the following can be set: contents, contents_local");
        }
      }
      case "Filesystem" -> filesystem(node, path, ctx);
      case "Tree" -> {
        if (node.path("local").asText("").isEmpty()) {
          ctx.error(path, "local is required: name a directory under --files-dir");
        }
      }
      case "Luks" -> {
        if (ctx.variant().has(Variant.Feature.NO_CLEVIS) && node.has("clevis")) {
          ctx.error(path + ".clevis", "clevis is not supported in the " + ctx.variant().name()
              + " variant; unlock the volume with a key_file instead");
        }
      }
      default -> { }
    }
  }

  private static void resource(ObjectNode node, String path, Context ctx) {
    int sources = 0;
    String last = null;
    for (String f : new String[] {"local", "inline", "source"}) {
      if (node.has(f)) {
        sources++;
        last = f;
      }
    }
    if (sources > 1) {
      ctx.error(path + "." + last, "only one of the following can be set: inline, local, source");
    }
  }

  private static void mode(ObjectNode node, String path, boolean directory, Context ctx) {
    JsonNode mode = node.get("mode");
    if (mode == null || !mode.isInt()) {
      return;
    }
    int m = mode.asInt();
    int octal = DecimalMode.asOctal(m);
    if (octal >= 0 && !DecimalMode.typical(m, directory) && DecimalMode.typical(octal, directory)) {
      ctx.warning(path + ".mode", "mode " + m + " looks decimal; did you mean 0" + m + "? (unreasonable mode would "
          + "be reasonable if specified in octal; remember to add a leading zero)");
    }
  }

  private static void filesystem(ObjectNode node, String path, Context ctx) {
    if (!node.path("with_mount_unit").asBoolean(false)) {
      return;
    }
    String format = node.path("format").asText("");
    if (format.isEmpty()) {
      ctx.error(path + ".format", "format is required if with_mount_unit is true");
    } else if (!format.equals("swap") && node.path("path").asText("").isEmpty()) {
      ctx.error(path + ".path", "path is required if with_mount_unit is true and format is not swap");
    }
    String mountPoint = node.path("path").asText("");
    if (ctx.variant().has(Variant.Feature.MOUNT_POINTS_ETC_VAR) && !mountPoint.isEmpty()
        && !ETC_OR_VAR.matcher(mountPoint).find()) {
      ctx.error(path + ".path", "path must be under /etc or /var if with_mount_unit is true");
    }
  }
}
