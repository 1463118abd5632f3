package dev.caisson.config.schema;

import static dev.caisson.config.ignition.SpecVersion.V3_0_0;
import static dev.caisson.config.ignition.SpecVersion.V3_1_0;
import static dev.caisson.config.ignition.SpecVersion.V3_2_0;
import static dev.caisson.config.ignition.SpecVersion.V3_3_0;
import static dev.caisson.config.ignition.SpecVersion.V3_4_0;
import static dev.caisson.config.ignition.SpecVersion.V3_5_0;
import static dev.caisson.config.ignition.SpecVersion.V3_6_0;

import dev.caisson.config.ignition.SpecVersion;
import dev.caisson.config.schema.Shape.Leaf;
import dev.caisson.config.schema.Shape.LeafKind;
import dev.caisson.config.schema.Shape.ListShape;
import dev.caisson.config.schema.Shape.ObjectShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Ignition config tree from spec 3.0.0 to 3.6.0 (and 3.7.0-experimental), each field with
 * the spec that introduced it and its Butane name, plus Butane's sugar fields. Both front ends
 * walk it: Ignition JSON by the {@code json} names, Butane YAML by the {@code yaml} names.
 */
public final class ConfigSchema {
  private static final Leaf STR = new Leaf(LeafKind.STRING);
  private static final Leaf INT = new Leaf(LeafKind.INT);
  private static final Leaf BOOL = new Leaf(LeafKind.BOOL);

  private final ObjectShape root;

  public ConfigSchema() {
    this.root = build();
  }

  public ObjectShape root() {
    return root;
  }

  /** Where a resource sits decides which fields it has in spec 3.0.0. */
  private enum ResourceUse {
    FILE_CONTENTS,
    REFERENCE
  }

  private static ObjectShape build() {
    var ignition = obj("Ignition",
        req("version", STR),
        f("config", obj("IgnitionConfig",
            f("merge", list(resource(ResourceUse.REFERENCE), "source")),
            f("replace", resource(ResourceUse.REFERENCE)))),
        f("proxy", obj("Proxy", f("httpProxy", STR), f("httpsProxy", STR), f("noProxy", list(STR))), V3_1_0),
        f("security", obj("Security",
            f("tls", obj("TLS", f("certificateAuthorities", list(resource(ResourceUse.REFERENCE), "source")))))),
        f("timeouts", obj("Timeouts", f("httpResponseHeaders", INT), f("httpTotal", INT))));

    var nodeUser = obj("NodeUser", f("id", INT), f("name", STR));
    var nodeGroup = obj("NodeGroup", f("id", INT), f("name", STR));
    var partition = obj("Partition",
        f("guid", STR), f("label", STR), f("number", INT), f("resize", BOOL, V3_2_0), f("shouldExist", BOOL),
        named("sizeMiB", "size_mib", INT), named("startMiB", "start_mib", INT), f("typeGuid", STR),
        f("wipePartitionEntry", BOOL));
    var disk = obj("Disk", req("device", STR), f("partitions", list(partition, "number", "label")),
        f("wipeTable", BOOL));
    var file = obj("File",
        f("group", nodeGroup), f("overwrite", BOOL), req("path", STR), f("user", nodeUser),
        f("append", list(resource(ResourceUse.FILE_CONTENTS))), f("contents", resource(ResourceUse.FILE_CONTENTS)),
        f("mode", INT));
    var directory = obj("Directory",
        f("group", nodeGroup), f("overwrite", BOOL), req("path", STR), f("user", nodeUser), f("mode", INT));
    var link = obj("Link",
        f("group", nodeGroup), f("overwrite", BOOL), req("path", STR), f("user", nodeUser), f("hard", BOOL),
        f("target", STR));
    var filesystem = obj("Filesystem",
        req("device", STR), f("format", STR), f("label", STR), f("mountOptions", list(STR), V3_1_0),
        f("options", list(STR)), f("path", STR), f("uuid", STR), f("wipeFilesystem", BOOL),
        sugar("with_mount_unit", BOOL, V3_1_0));
    var tang = obj("Tang", req("url", STR), f("thumbprint", STR), f("advertisement", STR, V3_4_0));
    var luks = obj("Luks",
        f("cex", obj("Cex", f("enabled", BOOL)), V3_5_0),
        f("clevis", obj("Clevis",
            f("custom", obj("ClevisCustom", f("config", STR), f("needsNetwork", BOOL), f("pin", STR))),
            f("tang", list(tang, "url")), f("threshold", INT), f("tpm2", BOOL))),
        req("device", STR), f("discard", BOOL, V3_4_0), f("keyFile", resource(ResourceUse.REFERENCE)),
        f("label", STR), req("name", STR), f("openOptions", list(STR), V3_4_0), f("options", list(STR)),
        f("uuid", STR), f("wipeVolume", BOOL));
    var raid = obj("Raid", req("devices", list(STR)), req("level", STR), req("name", STR), f("options", list(STR)),
        f("spares", INT));
    var tree = obj("Tree", sugar("local", STR, V3_1_0), sugar("path", STR, V3_1_0),
        sugar("user", nodeUser, V3_6_0), sugar("group", nodeGroup, V3_6_0), sugar("file_mode", INT, V3_6_0),
        sugar("dir_mode", INT, V3_6_0));
    var storage = obj("Storage",
        f("directories", list(directory, "path")), f("disks", list(disk, "device")), f("files", list(file, "path")),
        f("filesystems", list(filesystem, "device")), f("links", list(link, "path")),
        f("luks", list(luks, "name"), V3_2_0), f("raid", list(raid, "name")),
        sugar("trees", list(tree), V3_1_0));
    var dropin = obj("Dropin", f("contents", STR), sugar("contents_local", STR, V3_4_0), req("name", STR));
    var unit = obj("Unit",
        f("contents", STR), sugar("contents_local", STR, V3_4_0), f("dropins", list(dropin, "name")),
        f("enabled", BOOL), f("mask", BOOL), req("name", STR));
    var user = obj("PasswdUser",
        f("gecos", STR), f("groups", list(STR)), f("homeDir", STR), req("name", STR), f("noCreateHome", BOOL),
        f("noLogInit", BOOL), f("noUserGroup", BOOL), f("passwordHash", STR), f("primaryGroup", STR),
        f("shouldExist", BOOL, V3_2_0), f("sshAuthorizedKeys", list(STR)),
        sugar("ssh_authorized_keys_local", list(STR), V3_4_0), f("shell", STR), f("system", BOOL), f("uid", INT));
    var group = obj("PasswdGroup", f("gid", INT), req("name", STR), f("passwordHash", STR),
        f("shouldExist", BOOL, V3_2_0), f("system", BOOL));
    return obj("Config",
        req("ignition", ignition),
        f("kernelArguments", obj("KernelArguments", f("shouldExist", list(STR)), f("shouldNotExist", list(STR))),
            V3_3_0),
        f("passwd", obj("Passwd", f("groups", list(group, "name")), f("users", list(user, "name")))),
        f("storage", storage),
        f("systemd", obj("Systemd", f("units", list(unit, "name")))));
  }

  private static ObjectShape resource(ResourceUse use) {
    SpecVersion early = use == ResourceUse.FILE_CONTENTS ? V3_0_0 : V3_1_0;
    var headers = obj("HTTPHeader", req("name", STR), f("value", STR));
    return obj("Resource",
        f("compression", STR, early),
        f("httpHeaders", list(headers, "name"), V3_1_0),
        f("source", STR),
        sugar("inline", STR, early),
        sugar("local", STR, V3_1_0),
        f("verification", obj("Verification", f("hash", STR))));
  }

  private static ObjectShape obj(String name, Field... fields) {
    return new ObjectShape(name, Arrays.asList(fields));
  }

  private static ListShape list(Shape item, String... key) {
    return new ListShape(item, List.of(key));
  }

  private static Field f(String json, Shape shape) {
    return new Field(json, snake(json), shape, V3_0_0, false, false);
  }

  private static Field f(String json, Shape shape, SpecVersion since) {
    return new Field(json, snake(json), shape, since, false, false);
  }

  private static Field req(String json, Shape shape) {
    return new Field(json, snake(json), shape, V3_0_0, false, true);
  }

  private static Field named(String json, String yaml, Shape shape) {
    return new Field(json, yaml, shape, V3_0_0, false, false);
  }

  private static Field sugar(String yaml, Shape shape, SpecVersion since) {
    return new Field(yaml, yaml, shape, since, true, false);
  }

  /** {@code httpResponseHeaders} becomes {@code http_response_headers}. */
  static String snake(String camel) {
    var out = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('_').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Every field name in {@code shape} that {@code version} knows, for suggestions. */
  public static List<String> names(ObjectShape shape, SpecVersion version, boolean yaml) {
    var names = new ArrayList<String>();
    for (Field f : shape.fields()) {
      if (f.in(version) && (yaml || !f.butaneOnly())) {
        names.add(yaml ? f.yaml() : f.json());
      }
    }
    return names;
  }
}
