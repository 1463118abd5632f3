package dev.caisson.config.schema;

import dev.caisson.config.ignition.SpecVersion;
import java.util.Objects;

/**
 * One field of an object.
 *
 * @param json its Ignition (camelCase) name; for Butane-only sugar, the YAML name
 * @param yaml its Butane (snake_case) name
 * @param shape its value's shape
 * @param since the first spec version (Butane: the spec its base version targets) that has it
 * @param butaneOnly true for sugar that exists only in Butane and is translated away
 * @param required whether Ignition requires it
 */
public record Field(String json, String yaml, Shape shape, SpecVersion since, boolean butaneOnly, boolean required) {
  public Field {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(since, "since");
  }

  public boolean in(SpecVersion version) {
    return version.atLeast(since);
  }
}
