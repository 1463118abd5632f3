package dev.caisson.config.ignition;

import java.util.Arrays;
import java.util.Optional;

/** The Ignition config spec versions Caisson reads, oldest first. */
public enum SpecVersion {
  V3_0_0("3.0.0"),
  V3_1_0("3.1.0"),
  V3_2_0("3.2.0"),
  V3_3_0("3.3.0"),
  V3_4_0("3.4.0"),
  V3_5_0("3.5.0"),
  V3_6_0("3.6.0"),
  V3_7_0_EXPERIMENTAL("3.7.0-experimental");

  /** The newest stable spec: every config is upgraded to it before use. */
  public static final SpecVersion LATEST = V3_6_0;

  private final String text;

  SpecVersion(String text) {
    this.text = text;
  }

  /** The version as written in {@code ignition.version}. */
  public String text() {
    return text;
  }

  public boolean experimental() {
    return text.endsWith("-experimental");
  }

  /** True when this spec is {@code other} or newer. */
  public boolean atLeast(SpecVersion other) {
    return compareTo(other) >= 0;
  }

  /** The spec named exactly {@code text}, as {@code ignition.version} spells it. */
  public static Optional<SpecVersion> parse(String text) {
    return Arrays.stream(values()).filter(v -> v.text.equals(text)).findFirst();
  }

  @Override
  public String toString() {
    return text;
  }
}
