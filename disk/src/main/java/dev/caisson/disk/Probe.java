package dev.caisson.disk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code blkid -p -o export} finds on a target, read without blkid's cache. */
public final class Probe {
  /**
   * A probe result.
   *
   * @param type blkid's TYPE ({@code ext4}, {@code vfat}, {@code swap} ...); empty when nothing was found
   * @param label null when the filesystem has none
   * @param uuid null when the filesystem has none
   */
  public record Found(String type, String label, String uuid) {
    public static final Found NOTHING = new Found("", null, null);

    public boolean blank() {
      return type.isEmpty();
    }

    public String describe() {
      return blank() ? "nothing" : type + (label != null ? " label \"" + label + "\"" : "")
          + (uuid != null ? " uuid " + uuid : "");
    }
  }

  private final Commands commands;

  public Probe(Commands commands) {
    this.commands = commands;
  }

  public Found probe(Target t) throws DiskException {
    List<String> argv = new ArrayList<>(List.of("blkid", "-p", "-o", "export"));
    if (t instanceof Target.ImagePartition p) {
      argv.addAll(List.of("-O", Long.toString(p.offset()), "-S", Long.toString(p.length()), p.image().toString()));
    } else {
      argv.add(((Target.Device) t).path().toString());
    }
    Commands.Result r = commands.exec(argv);
    if (r.exitCode() == 2) {
      return Found.NOTHING; // blkid: no signature found
    }
    if (r.exitCode() != 0) {
      throw new DiskException(t.describe() + ": " + ProcessCommands.quoted(argv) + " failed (exit " + r.exitCode()
          + (r.exitCode() == 8 ? ", ambivalent: more than one signature" : "") + "): " + r.stderr().trim());
    }
    Map<String, String> tags = new HashMap<>();
    for (String line : r.stdout().split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        tags.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    if (!"filesystem".equals(tags.getOrDefault("USAGE", "filesystem")) && !"other".equals(tags.get("USAGE"))) {
      return new Found(tags.getOrDefault("TYPE", "unknown"), null, null);
    }
    return new Found(tags.getOrDefault("TYPE", ""), tags.get("LABEL"), tags.get("UUID"));
  }

  /** UUIDs compared as Ignition does: case and dashes do not matter (vfat prints {@code ABCD-1234}). */
  static boolean sameUuid(String a, String b) {
    return a != null && b != null
        && a.replace("-", "").toLowerCase(Locale.ROOT).equals(b.replace("-", "").toLowerCase(Locale.ROOT));
  }
}
