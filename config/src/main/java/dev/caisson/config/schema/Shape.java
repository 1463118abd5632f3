package dev.caisson.config.schema;

import java.util.List;
import java.util.Optional;

/** The shape of a value in a config: an object with named fields, a list, or a scalar. */
public sealed interface Shape {

  /** An object; its fields are listed in the order Ignition writes them. */
  record ObjectShape(String name, List<Field> fields) implements Shape {
    public ObjectShape {
      fields = List.copyOf(fields);
    }

    public Optional<Field> byJson(String json) {
      for (Field f : fields) { // a loop: this runs for every key of every config read
        if (f.json().equals(json)) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
    }

    public Optional<Field> byYaml(String yaml) {
      return fields.stream().filter(f -> f.yaml().equals(yaml)).findFirst();
    }
  }

  /**
   * A list; {@code key} names the fields that identify an entry (for duplicate checks and
   * merging), empty when entries are plain values compared whole.
   */
  record ListShape(Shape item, List<String> key) implements Shape {
    public ListShape {
      key = List.copyOf(key);
    }
  }

  /** A scalar. */
  record Leaf(LeafKind kind) implements Shape {}

  /** The scalar kinds. */
  enum LeafKind {
    STRING,
    INT,
    BOOL
  }
}
