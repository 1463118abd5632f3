package dev.caisson.config.butane;

import dev.caisson.config.ignition.SpecVersion;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Butane variant and version, the Ignition spec it produces, and the variant's own features.
 *
 * @param name {@code fcos}, {@code flatcar} or {@code caisson}
 * @param version the Butane spec version, such as {@code 1.5.0}
 * @param spec the Ignition spec version of the output
 * @param features what this variant adds or forbids on top of the base schema
 */
public record Variant(String name, String version, SpecVersion spec, Set<Feature> features) {
  public Variant {
    features = Set.copyOf(features);
  }

  /** Variant-level additions and restrictions. */
  public enum Feature {
    /** {@code boot_device} (layout, luks with tpm2/tang, mirror): fcos 1.3.0+. */
    BOOT_DEVICE,
    /** {@code boot_device.luks.discard}: fcos 1.5.0+. */
    BOOT_DEVICE_DISCARD,
    /** {@code boot_device.luks.cex} and {@code .device}, s390x layouts: fcos 1.6.0+. */
    BOOT_DEVICE_CEX,
    /** {@code grub.users}: fcos 1.5.0+. */
    GRUB,
    /** Mount units only for paths under /etc or /var: fcos 1.6.0+. */
    MOUNT_POINTS_ETC_VAR,
    /** No {@code storage.luks.clevis}: flatcar. */
    NO_CLEVIS
  }

  public boolean has(Feature f) {
    return features.contains(f);
  }

  /** All variants and versions Caisson translates. */
  public static List<Variant> all() {
    var fcos = List.of("1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0", "1.6.0", "1.7.0");
    var specs = List.of(SpecVersion.V3_0_0, SpecVersion.V3_1_0, SpecVersion.V3_2_0, SpecVersion.V3_2_0,
        SpecVersion.V3_3_0, SpecVersion.V3_4_0, SpecVersion.V3_5_0, SpecVersion.V3_6_0);
    var out = new java.util.ArrayList<Variant>();
    for (int i = 0; i < fcos.size(); i++) {
      out.add(new Variant("fcos", fcos.get(i), specs.get(i), fcosFeatures(i)));
    }
    out.add(new Variant("flatcar", "1.0.0", SpecVersion.V3_3_0, EnumSet.of(Feature.NO_CLEVIS)));
    out.add(new Variant("flatcar", "1.1.0", SpecVersion.V3_4_0, EnumSet.of(Feature.NO_CLEVIS)));
    out.add(new Variant("caisson", "1.0.0", SpecVersion.V3_6_0, fcosFeatures(7)));
    return out;
  }

  private static Set<Feature> fcosFeatures(int minor) {
    var f = EnumSet.noneOf(Feature.class);
    if (minor >= 3) {
      f.add(Feature.BOOT_DEVICE);
    }
    if (minor >= 5) {
      f.add(Feature.BOOT_DEVICE_DISCARD);
      f.add(Feature.GRUB);
    }
    if (minor >= 6) {
      f.add(Feature.BOOT_DEVICE_CEX);
      f.add(Feature.MOUNT_POINTS_ETC_VAR);
    }
    return f;
  }

  public static Optional<Variant> find(String name, String version) {
    return all().stream().filter(v -> v.name.equals(name) && v.version.equals(version)).findFirst();
  }

  @Override
  public String toString() {
    return name + " " + version;
  }
}
