package dev.caisson.provision.disks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caisson.disk.DiskSpec;
import dev.caisson.disk.FilesystemSpec;
import dev.caisson.disk.Guid;
import dev.caisson.disk.PartitionSpec;
import dev.caisson.provision.ProvisionException;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates {@code storage.disks} and {@code storage.filesystems} from the (merged, validated)
 * config into the disk module's specs, keeping each entry's JSON path for messages. Filesystems
 * without a {@code format} are only mounted, never made, so they are left out.
 */
public record DiskConfig(List<DiskSpec> disks, List<FilesystemSpec> filesystems) {
  public DiskConfig {
    disks = List.copyOf(disks);
    filesystems = List.copyOf(filesystems);
  }

  public boolean isEmpty() {
    return disks.isEmpty() && filesystems.isEmpty();
  }

  public static DiskConfig from(JsonNode storage) throws ProvisionException {
    List<DiskSpec> disks = new ArrayList<>();
    JsonNode ds = storage.path("disks");
    for (int i = 0; i < ds.size(); i++) {
      String where = "storage.disks[" + i + "]";
      JsonNode d = ds.get(i);
      List<PartitionSpec> parts = new ArrayList<>();
      JsonNode ps = d.path("partitions");
      for (int j = 0; j < ps.size(); j++) {
        parts.add(partition(ps.get(j), where + ".partitions[" + j + "]"));
      }
      try {
        disks.add(new DiskSpec(where, text(d, "device"), d.path("wipeTable").asBoolean(false), parts));
      } catch (IllegalArgumentException e) {
        throw new ProvisionException(e.getMessage(), e);
      }
    }
    List<FilesystemSpec> filesystems = new ArrayList<>();
    JsonNode fs = storage.path("filesystems");
    for (int i = 0; i < fs.size(); i++) {
      JsonNode f = fs.get(i);
      String where = "storage.filesystems[" + i + "]";
      if (text(f, "format") == null) {
        continue;
      }
      List<String> options = new ArrayList<>();
      f.path("options").forEach(o -> options.add(o.asText()));
      try {
        filesystems.add(new FilesystemSpec(where, text(f, "device"), text(f, "format"), text(f, "label"),
            text(f, "uuid"), options, f.path("wipeFilesystem").asBoolean(false)));
      } catch (IllegalArgumentException e) {
        throw new ProvisionException(e.getMessage(), e);
      }
    }
    return new DiskConfig(disks, filesystems);
  }

  private static PartitionSpec partition(JsonNode p, String where) throws ProvisionException {
    try {
      return new PartitionSpec(p.path("number").asInt(0), text(p, "label"), integer(p, "startMiB"),
          integer(p, "sizeMiB"), guid(p, "typeGuid"), guid(p, "guid"), p.path("wipePartitionEntry").asBoolean(false),
          p.path("shouldExist").asBoolean(true), p.path("resize").asBoolean(false));
    } catch (IllegalArgumentException e) {
      throw new ProvisionException(where + ": " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Integer integer(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asInt();
  }

  private static Guid guid(JsonNode n, String field) {
    String s = text(n, field);
    return s == null || s.isEmpty() ? null : Guid.parse(s);
  }
}
