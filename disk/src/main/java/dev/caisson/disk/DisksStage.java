package dev.caisson.disk;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ignition's disks stage: plan every partition table and filesystem first (reading only), then
 * apply the plan: tables in config order, then filesystems. The dry run is the plan.
 */
public final class DisksStage {
  static final String BY_PARTLABEL = "/dev/disk/by-partlabel/";
  static final String BY_LABEL = "/dev/disk/by-label/";

  private final DeviceResolver devices;
  private final Commands commands;
  private final Partitioner partitioner;
  private final DiskListener listener;
  private final Probe probe;

  public DisksStage(DeviceResolver devices, Commands commands, Partitioner partitioner, DiskListener listener) {
    this.devices = devices;
    this.commands = commands;
    this.partitioner = partitioner;
    this.listener = listener;
    this.probe = new Probe(commands);
  }

  private record Planned(Disk disk, DiskSpec spec, GptTable after) {}

  public DiskPlan plan(List<DiskSpec> disks, List<FilesystemSpec> filesystems) throws DiskException {
    List<DiskAction> actions = new ArrayList<>();
    Map<String, Planned> planned = new LinkedHashMap<>();
    for (DiskSpec spec : disks) {
      Disk disk = Disk.open(devices.resolve(spec.device()), commands);
      Optional<GptTable> found;
      try {
        found = disk.readTable();
      } catch (DiskException e) {
        if (!spec.wipeTable()) {
          throw new DiskException(spec.configPath() + ": " + e.getMessage(), e);
        }
        found = Optional.empty();
      }
      PartitionPlan pp = partitioner.plan(spec, found, disk.sectorSize(), disk.totalSectors());
      GptCodec.Regions now = disk.currentRegions();
      GptCodec.Regions next = new GptCodec().encode(pp.after(), spec.wipeTable() ? null : now.head());
      // write when the config changes the table, or a copy is missing or stale (a grown image)
      boolean damaged = !new GptCodec().bothCopiesValid(now.head(), now.tail(), disk.sectorSize(),
          disk.totalSectors());
      actions.add(new DiskAction.Partition(disk, pp, next, pp.changesTable() || damaged));
      planned.put(spec.device(), new Planned(disk, spec, pp.after()));
    }
    for (FilesystemSpec fs : filesystems) {
      actions.addAll(filesystem(fs, planned));
    }
    return new DiskPlan(actions);
  }

  private List<DiskAction> filesystem(FilesystemSpec fs, Map<String, Planned> planned) throws DiskException {
    String where = fs.configPath() + " " + fs.device();
    Target t = target(fs, planned);
    Probe.Found found = t instanceof Target.Device d && !Files.exists(d.path()) ? Probe.Found.NOTHING : probe.probe(t);
    if ("none".equals(fs.format())) {
      return fs.wipeFilesystem() ? List.of(new DiskAction.Wipe(fs, t, found)) : List.of();
    }
    if (!Mkfs.FORMATS.contains(fs.format())) {
      throw new DiskException(where + ": unsupported filesystem format \"" + fs.format()
          + "\" (ext4, xfs, vfat, swap, btrfs or none)");
    }
    if (!fs.wipeFilesystem()) {
      boolean same = found.type().equals(fs.format()) && (fs.label() == null || fs.label().equals(found.label()))
          && (fs.uuid() == null || Probe.sameUuid(fs.uuid(), found.uuid()));
      if (same) {
        return List.of(new DiskAction.KeepFilesystem(fs, t, found));
      }
      if (!found.blank()) {
        throw new DiskException(where + ": found " + found.describe() + ", which is not the configured "
            + fs.format() + (fs.label() != null ? " label \"" + fs.label() + "\"" : "")
            + (fs.uuid() != null ? " uuid " + fs.uuid() : "")
            + ", and wipeFilesystem is false; set wipeFilesystem: true to replace it");
      }
    }
    if (!commands.installed(Mkfs.tool(fs.format()))) {
      throw new DiskException(where + ": " + Mkfs.tool(fs.format()) + " is not installed, so " + fs.format()
          + " filesystems cannot be made");
    }
    return List.of(new DiskAction.Format(fs, t, found));
  }

  /** The filesystem's device: a partition of a disk planned here, or a device or image as it is. */
  private Target target(FilesystemSpec fs, Map<String, Planned> planned) throws DiskException {
    String dev = fs.device();
    for (Planned p : planned.values()) {
      Optional<PartitionEntry> e = Optional.empty();
      if (dev.startsWith(BY_PARTLABEL)) {
        e = p.after().byName(dev.substring(BY_PARTLABEL.length()));
      } else if (dev.startsWith(p.spec().device())
          && dev.substring(p.spec().device().length()).matches("(p|-part)?[0-9]+")) {
        int n = Integer.parseInt(dev.substring(p.spec().device().length()).replaceAll("[^0-9]", ""));
        e = Optional.of(p.after().entry(n).orElseThrow(() -> new DiskException(fs.configPath() + " " + dev
            + ": " + p.spec().device() + " will have no partition " + n)));
      }
      if (e.isPresent()) {
        return partition(p, e.get(), dev);
      }
    }
    if (dev.startsWith(BY_LABEL)) {
      String label = dev.substring(BY_LABEL.length());
      for (Planned p : planned.values()) {
        for (PartitionEntry e : p.after().entries()) {
          Target t = partition(p, e, dev);
          if (t instanceof Target.ImagePartition && label.equals(probe.probe(t).label())) {
            return t;
          }
        }
      }
    }
    Path path = devices.resolve(dev);
    if (!Files.exists(path)) {
      throw new DiskException(fs.configPath() + ": device " + dev + " does not exist"
          + (devices.mapped(dev) ? " (mapped to " + path + ")" : ""));
    }
    return new Target.Device(path);
  }

  private Target partition(Planned p, PartitionEntry e, String dev) {
    if (p.disk().blockDevice()) {
      return new Target.Device(devices.resolve(dev)); // the kernel's node for the partition
    }
    long ss = p.disk().sectorSize();
    return new Target.ImagePartition(p.disk().path(), e.number(), e.firstLba() * ss, e.sectors() * ss);
  }

  /** Performs the plan; returns how many actions wrote something. */
  public int apply(DiskPlan plan) throws DiskException {
    int applied = 0;
    for (DiskAction a : plan.actions()) {
      if (!a.writes()) {
        Arrays.stream(a.describe().split("\n")).forEach(listener::info);
        continue;
      }
      String op = a.describe().replace("\n", "; ");
      listener.started(op);
      try {
        perform(a);
      } catch (DiskException e) {
        listener.failed(op, e.getMessage());
        throw e;
      }
      listener.finished(op);
      applied++;
    }
    return applied;
  }

  private void perform(DiskAction a) throws DiskException {
    if (a instanceof DiskAction.Partition p) {
      p.disk().writeTable(p.regions());
      if (p.disk().blockDevice()) {
        reread(p.disk().path());
      }
    } else if (a instanceof DiskAction.Format f) {
      format(f);
    } else if (a instanceof DiskAction.Wipe w) {
      if (w.target() instanceof Target.ImagePartition ip) {
        new RegionWriter().copy(null, ip.image(), ip.offset(), ip.length());
      } else {
        run(List.of("wipefs", "-a", ((Target.Device) w.target()).path().toString()));
      }
    }
  }

  private void format(DiskAction.Format f) throws DiskException {
    if (f.target() instanceof Target.Device d) {
      try {
        run(Mkfs.argv(f.spec(), d.path()));
      } catch (DiskException e) {
        throw new DiskException(f.spec().configPath() + " " + f.spec().device() + ": " + e.getMessage(), e);
      }
      return;
    }
    var ip = (Target.ImagePartition) f.target();
    Path dir = ip.image().toAbsolutePath().getParent();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, ".caisson-mkfs-", ".img",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (RandomAccessFile raf = new RandomAccessFile(tmp.toFile(), "rw")) {
        raf.setLength(ip.length());
      }
      run(Mkfs.argv(f.spec(), tmp));
      new RegionWriter().copy(tmp, ip.image(), ip.offset(), ip.length());
    } catch (IOException e) {
      throw new DiskException(f.spec().configPath() + " " + f.spec().device() + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          listener.info("cannot remove " + tmp + ": " + e.getMessage());
        }
      }
    }
  }

  /** After a table write on a block device, the kernel rereads it and udev makes the nodes. */
  private void reread(Path dev) throws DiskException {
    Commands.Result r = commands.exec(List.of("blockdev", "--rereadpt", dev.toString()));
    if (r.exitCode() != 0) {
      run(List.of("partx", "-u", dev.toString()));
    }
    if (commands.installed("udevadm")) {
      run(List.of("udevadm", "settle"));
    }
  }

  private void run(List<String> argv) throws DiskException {
    String op = "running " + ProcessCommands.quoted(argv);
    listener.started(op);
    try {
      commands.run(argv);
    } catch (DiskException e) {
      listener.failed(op, e.getMessage());
      throw e;
    }
    listener.finished(op);
  }
}
