package dev.caisson.store.delta;

import dev.caisson.store.ObjectId;
import java.util.Base64;
import java.util.Optional;

/**
 * Which commits a delta joins: from {@code from} (or from nothing, a "scratch" delta) to {@code to}.
 * Its name in summaries and indexes is {@code FROM-TO} (hex) or {@code TO}; on disk it lives in
 * {@code deltas/} under the modified base64 of the checksums (base64 without padding, {@code /}
 * written {@code _}), the first two characters making a directory.
 */
public record DeltaName(Optional<ObjectId> from, ObjectId to) {
  public static DeltaName of(ObjectId from, ObjectId to) {
    return new DeltaName(Optional.of(from), to);
  }

  public static DeltaName scratch(ObjectId to) {
    return new DeltaName(Optional.empty(), to);
  }

  /** Parses {@code FROM-TO} or {@code TO} (hex checksums). */
  public static DeltaName parse(String name) throws DeltaException {
    int dash = name.indexOf('-');
    String from = dash < 0 ? null : name.substring(0, dash);
    String to = dash < 0 ? name : name.substring(dash + 1);
    if (!ObjectId.isValid(to) || from != null && !ObjectId.isValid(from)) {
      throw new DeltaException("'" + name + "' is not a delta name (FROM-TO or TO, as checksums)");
    }
    return new DeltaName(Optional.ofNullable(from).map(ObjectId::fromString), ObjectId.fromString(to));
  }

  /** {@code FROM-TO}, or {@code TO} for a scratch delta. */
  public String name() {
    return from.map(f -> f.name() + "-").orElse("") + to.name();
  }

  /** The delta's directory relative to the repository, without a trailing slash. */
  public String dir() {
    return base("deltas/");
  }

  /** A file of the delta (superblock, a part number, commitmeta), relative to the repository. */
  public String file(String name) {
    return dir() + "/" + name;
  }

  /** The index listing the deltas that lead to {@code to}: {@code delta-indexes/XX/REST.index}. */
  public static String indexPath(ObjectId to) {
    String t = mb64(to);
    return "delta-indexes/" + t.substring(0, 2) + "/" + t.substring(2) + ".index";
  }

  private String base(String prefix) {
    var sb = new StringBuilder(prefix);
    String t = mb64(to);
    if (from.isPresent()) {
      String f = mb64(from.get());
      sb.append(f, 0, 2).append('/').append(f.substring(2)).append('-').append(t);
    } else {
      sb.append(t, 0, 2).append('/').append(t.substring(2));
    }
    return sb.toString();
  }

  /** OSTree's modified base64 of a checksum: 43 characters, {@code /} written {@code _}. */
  public static String mb64(ObjectId id) {
    return Base64.getEncoder().withoutPadding().encodeToString(id.raw()).replace('/', '_');
  }

  /** The checksum a modified-base64 string names. */
  public static ObjectId fromMb64(String s) throws DeltaException {
    if (s.length() != 43) {
      throw new DeltaException("'" + s + "' is not a modified-base64 checksum");
    }
    try {
      return ObjectId.fromRaw(Base64.getDecoder().decode(s.replace('_', '/')));
    } catch (IllegalArgumentException e) {
      throw new DeltaException("'" + s + "' is not a modified-base64 checksum");
    }
  }

  /** Reads a name back from the two levels of directory under {@code deltas/}. */
  static DeltaName fromDirs(String first, String second) throws DeltaException {
    String joined = first + second;
    int dash = joined.indexOf('-');
    if (dash < 0) {
      return scratch(fromMb64(joined));
    }
    return of(fromMb64(joined.substring(0, dash)), fromMb64(joined.substring(dash + 1)));
  }

  @Override
  public String toString() {
    return name();
  }
}
