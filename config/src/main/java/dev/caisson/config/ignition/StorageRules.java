package dev.caisson.config.ignition;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks disks and partitions, RAID arrays, filesystems and LUKS volumes. */
final class StorageRules {
  private static final Pattern GUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Map<String, Integer> LABEL_MAX = Map.of("ext4", 16, "xfs", 12, "vfat", 11, "swap", 15,
      "btrfs", 256);
  private static final Set<String> RAID_LEVELS = Set.of("linear", "raid0", "0", "stripe", "raid1", "1", "mirror",
      "raid4", "4", "raid5", "5", "raid6", "6", "raid10", "10");
  /** A bare parser factory: building an ObjectMapper costs more than all the rules together. */
  private static final JsonFactory JSON = new JsonFactory();

  private StorageRules() {}

  static void check(JsonNode storage, SpecVersion spec, Findings out) {
    disks(storage.path("disks"), out);
    raid(storage.path("raid"), out);
    filesystems(storage.path("filesystems"), spec, out);
    luks(storage.path("luks"), spec, out);
  }

  private static void disks(JsonNode disks, Findings out) {
    var devices = new HashSet<String>();
    for (int i = 0; i < disks.size(); i++) {
      JsonNode d = disks.get(i);
      String p = "$.storage.disks." + i;
      device(d, p, devices, "disk", out);
      var numbers = new HashMap<Integer, Integer>();
      var labels = new HashSet<String>();
      JsonNode parts = d.path("partitions");
      for (int j = 0; j < parts.size(); j++) {
        JsonNode part = parts.get(j);
        String pp = p + ".partitions." + j;
        int number = part.path("number").asInt(0);
        String label = part.path("label").asText(null);
        if (number == 0 && (label == null || label.isEmpty())) {
          out.error(pp, "a partition needs a number or a label to be identified");
        }
        if (label != null && label.length() > 36) {
          out.error(pp + ".label", "partition labels may not exceed 36 characters");
        }
        for (String g : new String[] {"guid", "typeGuid"}) {
          String v = part.path(g).asText(null);
          if (v != null && !v.isEmpty() && !GUID.matcher(v).matches()) {
            out.error(pp + "." + g, "GUID must be in the form XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX");
          }
        }
        if (part.has("shouldExist") && !part.path("shouldExist").asBoolean(true)) {
          // not wipePartitionEntry: Ignition deletes an existing partition only when it is set
          for (String f : new String[] {"label", "sizeMiB", "startMiB", "typeGuid", "guid", "resize"}) {
            if (part.hasNonNull(f) && !(f.equals("label") && number == 0)) {
              out.error(pp + "." + f, "shouldExist is false, so " + f + " must not be set");
            }
          }
        }
        if (number != 0 && numbers.putIfAbsent(number, j) != null) {
          out.error(pp + ".number", "duplicate entry defined: partition number " + number);
        } else if (number == 0 && label != null && !labels.add(label)) {
          out.error(pp + ".label", "duplicate entry defined: partition label " + label);
        }
      }
    }
  }

  private static void raid(JsonNode raids, Findings out) {
    var names = new HashSet<String>();
    for (int i = 0; i < raids.size(); i++) {
      JsonNode r = raids.get(i);
      String p = "$.storage.raid." + i;
      name(r, p, names, "raid", out);
      String level = r.path("level").asText("");
      if (!RAID_LEVELS.contains(level)) {
        out.error(p + ".level", "unrecognized raid level \"" + level + "\": use linear, raid0, raid1, raid4, raid5, "
            + "raid6 or raid10");
      } else if (r.path("spares").asInt(0) > 0 && Set.of("linear", "raid0", "0", "stripe").contains(level)) {
        out.error(p + ".spares", "spares unsupported for " + level + " arrays");
      }
      if (r.path("devices").size() == 0) {
        out.error(p + ".devices", "a raid array needs at least one device");
      }
    }
  }

  private static void filesystems(JsonNode filesystems, SpecVersion spec, Findings out) {
    var devices = new HashSet<String>();
    for (int i = 0; i < filesystems.size(); i++) {
      JsonNode fs = filesystems.get(i);
      String p = "$.storage.filesystems." + i;
      device(fs, p, devices, "filesystem", out);
      String format = fs.path("format").asText("");
      String label = fs.path("label").asText(null);
      if (!format.isEmpty()) {
        boolean known = LABEL_MAX.containsKey(format)
            || format.equals("none") && spec.atLeast(SpecVersion.V3_3_0)
            || format.equals("virtiofs") && spec == SpecVersion.V3_7_0_EXPERIMENTAL;
        if (!known) {
          out.error(p + ".format", "invalid filesystem format \"" + format + "\": use ext4, xfs, vfat, btrfs, swap"
              + (spec.atLeast(SpecVersion.V3_3_0) ? " or none" : ""));
        }
      }
      if (label != null) {
        if (format.isEmpty()) {
          out.error(p + ".label", "a filesystem label needs a format");
        } else if (LABEL_MAX.containsKey(format) && label.length() > LABEL_MAX.get(format)) {
          out.error(p + ".label", "filesystem label is too long: " + format + " allows " + LABEL_MAX.get(format)
              + " characters");
        }
      }
      String path = fs.path("path").asText(null);
      if (path != null && !path.isEmpty()) {
        NodeRules.pathForm(path, p + ".path", out);
      }
    }
  }

  private static void luks(JsonNode volumes, SpecVersion spec, Findings out) {
    var names = new HashSet<String>();
    for (int i = 0; i < volumes.size(); i++) {
      JsonNode l = volumes.get(i);
      String p = "$.storage.luks." + i;
      name(l, p, names, "luks", out);
      if (l.path("name").asText("").contains("/")) {
        out.error(p + ".name", "LUKS volume names may not contain /");
      }
      if (l.path("label").asText("").length() > 47) {
        out.error(p + ".label", "LUKS labels may not exceed 47 characters");
      }
      if (!l.path("device").asText("").startsWith("/")) {
        out.error(p + ".device", "device must be an absolute path");
      }
      if (l.has("keyFile")) {
        ResourceRules.check(l.get("keyFile"), p + ".keyFile", spec, out);
      }
      JsonNode clevis = l.path("clevis");
      JsonNode custom = clevis.path("custom");
      boolean hasCustom = custom.hasNonNull("pin") || custom.hasNonNull("config");
      boolean hasTangOrTpm = clevis.path("tang").size() > 0 || clevis.path("tpm2").asBoolean(false);
      if (hasCustom && hasTangOrTpm) {
        out.error(p + ".clevis", "cannot use custom clevis config with tpm2 or tang");
      }
      if (hasCustom && (custom.path("pin").asText("").isEmpty() || custom.path("config").asText("").isEmpty())) {
        out.error(p + ".clevis.custom", "a custom clevis config needs both pin and config");
      }
      if (hasCustom && !spec.atLeast(SpecVersion.V3_6_0)) {
        String pin = custom.path("pin").asText("");
        if (!Set.of("tpm2", "tang", "sss").contains(pin)) {
          out.error(p + ".clevis.custom.pin", "unsupported clevis pin \"" + pin + "\": use tpm2, tang or sss");
        }
      }
      JsonNode tangs = clevis.path("tang");
      var urls = new HashSet<String>();
      for (int j = 0; j < tangs.size(); j++) {
        JsonNode t = tangs.get(j);
        String tp = p + ".clevis.tang." + j;
        String url = t.path("url").asText("");
        if (!urls.add(url)) {
          out.error(tp + ".url", "duplicate entry defined: tang server " + url);
        }
        if (t.path("thumbprint").asText("").isEmpty()) {
          out.error(tp + ".thumbprint", "a tang server needs its thumbprint");
        }
        String adv = t.path("advertisement").asText(null);
        if (adv != null && !adv.isEmpty()) {
          try {
            try (var parser = JSON.createParser(adv)) {
              while (parser.nextToken() != null) {
                // reading to the end is the check
              }
            }
          } catch (Exception e) {
            out.error(tp + ".advertisement", "the advertisement is not valid JSON");
          }
        }
      }
      if (l.path("cex").path("enabled").asBoolean(false) && (hasCustom || hasTangOrTpm || l.has("keyFile"))) {
        out.error(p + ".cex", "cex cannot be used with clevis or a key file");
      }
    }
  }

  private static void device(JsonNode n, String p, Set<String> seen, String what, Findings out) {
    String device = n.path("device").asText("");
    if (device.isEmpty()) {
      out.error(p + ".device", "device is required");
    } else if (!device.startsWith("/")) {
      out.error(p + ".device", "device must be an absolute path such as /dev/vdb");
    } else if (!seen.add(device)) {
      out.error(p, "duplicate entry defined: " + what + " " + device);
    }
  }

  private static void name(JsonNode n, String p, Set<String> seen, String what, Findings out) {
    String name = n.path("name").asText("");
    if (name.isEmpty()) {
      out.error(p + ".name", what + " name is required");
    } else if (!seen.add(name)) {
      out.error(p, "duplicate entry defined: " + what + " " + name);
    }
  }
}
