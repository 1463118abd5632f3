package dev.caisson.config.butane;

import dev.caisson.config.ignition.SpecVersion;
import dev.caisson.config.schema.ConfigSchema;
import dev.caisson.config.schema.Field;
import dev.caisson.config.schema.Shape;
import dev.caisson.config.schema.Shape.Leaf;
import dev.caisson.config.schema.Shape.LeafKind;
import dev.caisson.config.schema.Shape.ListShape;
import dev.caisson.config.schema.Shape.ObjectShape;
import java.util.ArrayList;
import java.util.List;

/** The YAML shapes of Fedora CoreOS's {@code boot_device} and {@code grub} sections, per version. */
final class BootDeviceShape {
  private static final Leaf STR = new Leaf(LeafKind.STRING);
  private static final Leaf INT = new Leaf(LeafKind.INT);
  private static final Leaf BOOL = new Leaf(LeafKind.BOOL);

  private BootDeviceShape() {}

  static ObjectShape of(Variant v, ConfigSchema schema) {
    Shape tang = schema.root().byJson("storage").map(Field::shape).map(s -> (ObjectShape) s)
        .flatMap(s -> s.byJson("luks")).map(f -> ((ListShape) f.shape()).item()).map(s -> (ObjectShape) s)
        .flatMap(s -> s.byJson("clevis")).map(f -> ((ObjectShape) f.shape()).byJson("tang").orElseThrow().shape())
        .orElseThrow();
    var luks = new ArrayList<Field>(List.of(
        field("tang", tang), field("threshold", INT), field("tpm2", BOOL)));
    if (v.has(Variant.Feature.BOOT_DEVICE_DISCARD)) {
      luks.add(field("discard", BOOL));
    }
    if (v.has(Variant.Feature.BOOT_DEVICE_CEX)) {
      luks.add(field("cex", new ObjectShape("Cex", List.of(field("enabled", BOOL)))));
      luks.add(field("device", STR));
    }
    return new ObjectShape("BootDevice", List.of(
        field("layout", STR),
        field("luks", new ObjectShape("BootDeviceLuks", luks)),
        field("mirror", new ObjectShape("BootDeviceMirror", List.of(field("devices", new ListShape(STR, List.of())))))));
  }

  static ObjectShape grub() {
    var user = new ObjectShape("GrubUser", List.of(field("name", STR), field("password_hash", STR)));
    return new ObjectShape("Grub", List.of(field("users", new ListShape(user, List.of()))));
  }

  private static Field field(String name, Shape shape) {
    return new Field(name, name, shape, SpecVersion.V3_0_0, true, false);
  }
}
