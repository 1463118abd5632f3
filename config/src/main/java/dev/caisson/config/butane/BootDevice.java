package dev.caisson.config.butane;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

import java.util.regex.Pattern;

/**
 * Fedora CoreOS's {@code boot_device} and {@code grub} sections: the disks, RAID, LUKS and
 * filesystems that mirror and/or encrypt the boot disk, and the GRUB password file. Both render a
 * config that the user's config is then merged over.
 */
final class BootDevice {
  private static final String BIOS = "21686148-6449-6E6F-744E-656564454649";
  private static final String PREP = "9E1A2D38-C612-4316-AA26-8B49521E5A8B";
  private static final String ESP = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B";
  private static final String RESERVED = "8DA63339-0007-60C0-C436-083AC8230908";
  private static final Pattern DASD = Pattern.compile("/dev/dasd[a-z]$");
  private static final Pattern SD = Pattern.compile("/dev/sd[a-z]$");
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private BootDevice() {}

  static void check(JsonNode bd, Context ctx) {
    String p = "$.boot_device";
    JsonNode layout = bd.get("layout");
    JsonNode luks = bd.path("luks");
    int mirrors = bd.path("mirror").path("devices").size();
    if (layout != null) {
      String l = layout.asText();
      boolean s390 = ctx.variant().has(Variant.Feature.BOOT_DEVICE_CEX);
      switch (l) {
        case "aarch64", "ppc64le", "x86_64" -> { }
        case "s390x-eckd", "s390x-zfcp" -> {
          if (!s390) {
            ctx.error(p + ".layout", "layout must be one of: aarch64, ppc64le, x86_64");
          } else if (luks.path("device").asText("").isEmpty()) {
            ctx.error(p + ".layout", "device is required for layouts: s390x-eckd, s390x-zfcp");
          } else if (!(l.equals("s390x-eckd") ? DASD : SD).matcher(luks.path("device").asText()).find()) {
            ctx.error(p + ".layout",
                "device name must start with /dev/dasd on s390x-eckd layout or /dev/sd on s390x-zfcp layout");
          }
        }
        case "s390x-virt" -> {
          if (!s390) {
            ctx.error(p + ".layout", "layout must be one of: aarch64, ppc64le, x86_64");
          }
        }
        default -> ctx.error(p + ".layout", s390
            ? "layout must be one of: aarch64, ppc64le, s390x-eckd, s390x-virt, s390x-zfcp, x86_64"
            : "layout must be one of: aarch64, ppc64le, x86_64");
      }
      if (l.startsWith("s390x") && mirrors > 0) {
        ctx.error(p + ".layout", "mirroring not supported on layouts: s390x-eckd, s390x-zfcp, s390x-virt");
      }
    }
    if (luks.path("cex").path("enabled").asBoolean(false)) {
      if (layout == null) {
        ctx.error(p + ".luks.cex", "when using cex the targeted architecture must match s390x");
      } else if (!layout.asText().startsWith("s390x")) {
        ctx.error(p + ".layout", "when using cex the targeted architecture must match s390x");
      }
      if (luks.path("tang").size() > 0 || luks.path("tpm2").asBoolean(false)) {
        ctx.error(p + ".luks", "cex cannot be used with clevis (tang or tpm2)");
      }
    }
    if (mirrors == 1) {
      ctx.error(p + ".mirror.devices", "mirroring requires at least two devices; list at least two disks");
    }
  }

  /** The rendered boot-device config, or null when the section asks for nothing. */
  static ObjectNode render(JsonNode bd) {
    JsonNode luks = bd.path("luks");
    boolean wantLuks = luks.path("tpm2").asBoolean(false) || luks.path("tang").size() > 0
        || luks.path("cex").path("enabled").asBoolean(false);
    JsonNode devices = bd.path("mirror").path("devices");
    boolean wantMirror = devices.size() > 0;
    if (!wantLuks && !wantMirror) {
      return null;
    }
    String layout = bd.path("layout").asText("x86_64");
    boolean bios = layout.equals("x86_64");
    boolean efi = layout.equals("x86_64") || layout.equals("aarch64");
    boolean prep = layout.equals("ppc64le");
    ObjectNode out = JSON.objectNode();
    ObjectNode storage = out.putObject("storage");
    ArrayNode filesystems = JSON.arrayNode();
    if (wantMirror) {
      ArrayNode disks = storage.putArray("disks");
      for (int i = 0; i < devices.size(); i++) {
        int n = i + 1;
        ObjectNode disk = disks.addObject();
        disk.put("device", devices.get(i).asText());
        ArrayNode parts = disk.putArray("partitions");
        if (bios) {
          partition(parts, "bios-" + n, 1, BIOS);
        } else if (prep) {
          partition(parts, "prep-" + n, 4, PREP);
        } else {
          partition(parts, "reserved-" + n, 1, RESERVED);
        }
        if (efi) {
          partition(parts, "esp-" + n, 127, ESP);
        } else {
          partition(parts, "reserved-" + n, 1, RESERVED);
        }
        partition(parts, "boot-" + n, 384, null);
        parts.addObject().put("label", "root-" + n);
        disk.put("wipeTable", true);
        if (efi) {
          filesystem(filesystems, "/dev/disk/by-partlabel/esp-" + n, "vfat", "esp-" + n);
        }
      }
      ArrayNode raid = storage.putArray("raid");
      ObjectNode boot = raid.addObject();
      boot.set("devices", raidDevices("boot", devices.size()));
      boot.put("level", "raid1");
      boot.put("name", "md-boot");
      boot.putArray("options").add("--metadata=1.0");
      ObjectNode root = raid.addObject();
      root.set("devices", raidDevices("root", devices.size()));
      root.put("level", "raid1");
      root.put("name", "md-root");
      filesystem(filesystems, "/dev/md/md-boot", "ext4", "boot");
    }
    if (wantLuks) {
      String device = layout.equals("s390x-eckd") ? luks.path("device").asText() + "2"
          : layout.equals("s390x-zfcp") ? luks.path("device").asText() + "4"
          : wantMirror ? "/dev/md/md-root" : "/dev/disk/by-partlabel/root";
      ObjectNode entry = storage.putArray("luks").addObject();
      if (luks.path("cex").path("enabled").asBoolean(false)) {
        entry.putObject("cex").put("enabled", true);
      } else {
        ObjectNode clevis = entry.putObject("clevis");
        if (luks.has("tang")) {
          clevis.set("tang", luks.get("tang").deepCopy());
        }
        if (luks.has("threshold")) {
          clevis.set("threshold", luks.get("threshold"));
        }
        if (luks.has("tpm2")) {
          clevis.set("tpm2", luks.get("tpm2"));
        }
      }
      entry.put("device", device);
      if (luks.has("discard")) {
        entry.set("discard", luks.get("discard"));
      }
      entry.put("label", "luks-root");
      entry.put("name", "root");
      entry.put("wipeVolume", true);
    }
    filesystem(filesystems, wantLuks ? "/dev/mapper/root" : "/dev/md/md-root", "xfs", "root");
    storage.set("filesystems", filesystems);
    return out;
  }

  /** The rendered {@code grub.users} config, or null without users. */
  static ObjectNode renderGrub(JsonNode grub, Context ctx) {
    JsonNode users = grub.path("users");
    if (users.size() == 0) {
      return null;
    }
    var names = new java.util.ArrayList<String>();
    var cmds = new java.util.ArrayList<String>();
    for (int i = 0; i < users.size(); i++) {
      JsonNode u = users.get(i);
      if (u.path("name").asText("").isEmpty()) {
        ctx.error("$.grub.users." + i + ".name", "field \"name\" is required");
      }
      if (u.path("password_hash").asText("").isEmpty()) {
        ctx.error("$.grub.users." + i + ".password_hash",
            "field \"password_hash\" is required: generate one with grub2-mkpasswd-pbkdf2");
      }
      names.add(u.path("name").asText());
      cmds.add("password_pbkdf2 " + u.path("name").asText() + " " + u.path("password_hash").asText());
    }
    String cfg = "# Generated by Butane\n\nset superusers=\"" + String.join(" ", names) + "\"\n"
        + String.join("\n", cmds) + "\n";
    DataUrl url = DataUrl.of(cfg.getBytes(StandardCharsets.UTF_8), null, ctx.allowCompression());
    ObjectNode out = JSON.objectNode();
    ObjectNode storage = out.putObject("storage");
    ObjectNode file = storage.putArray("files").addObject();
    file.put("path", "/boot/grub2/user.cfg");
    ObjectNode append = file.putArray("append").addObject();
    append.put("compression", url.compression());
    append.put("source", url.url());
    ObjectNode fs = storage.putArray("filesystems").addObject();
    fs.put("device", "/dev/disk/by-label/boot");
    fs.put("format", "ext4");
    fs.put("path", "/boot");
    return out;
  }

  private static void partition(ArrayNode parts, String label, int sizeMiB, String typeGuid) {
    ObjectNode p = parts.addObject();
    p.put("label", label);
    p.put("sizeMiB", sizeMiB);
    if (typeGuid != null) {
      p.put("typeGuid", typeGuid);
    }
  }

  private static void filesystem(ArrayNode list, String device, String format, String label) {
    ObjectNode fs = list.addObject();
    fs.put("device", device);
    fs.put("format", format);
    fs.put("label", label);
    fs.put("wipeFilesystem", true);
  }

  private static ArrayNode raidDevices(String prefix, int count) {
    ArrayNode a = JSON.arrayNode();
    for (int i = 1; i <= count; i++) {
      a.add("/dev/disk/by-partlabel/" + prefix + "-" + i);
    }
    return a;
  }

}
