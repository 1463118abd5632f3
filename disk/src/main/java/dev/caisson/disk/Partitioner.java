package dev.caisson.disk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Ignition's partitioning rules, computed without touching the disk. As Ignition does it:
 * <ol>
 *   <li>{@code wipeTable} starts from an empty table;</li>
 *   <li>partitions numbered 0 go last (a stable sort); one whose label names an existing partition
 *       takes that partition's number (Ignition would add a second one; see docs/provisioning.md);</li>
 *   <li>a "pretend" pass lays out every configured partition as if all of them were created anew,
 *       in order, to resolve {@code startMiB: 0} (aligned start of the largest free block),
 *       {@code sizeMiB: 0} (up to the end of that free block) and number 0 (first free number);
 *       unset start and size of an existing partition mean "as it is" unless
 *       {@code wipePartitionEntry};</li>
 *   <li>each partition then goes through Ignition's matrix: keep a match, create the missing, delete
 *       {@code shouldExist: false} only with {@code wipePartitionEntry}, resize with {@code resize}
 *       when everything but the size matches, recreate with {@code wipePartitionEntry}, else fail.</li>
 * </ol>
 * Deletions are applied before creations, as sgdisk applies Ignition's commands.
 */
public final class Partitioner {
  private final Random random;

  /** @param random source of new disk and partition GUIDs */
  public Partitioner(Random random) {
    this.random = random;
  }

  private record Item(int index, PartitionSpec spec) {}

  private record Placed(int number, long first, long last) {}

  public PartitionPlan plan(DiskSpec disk, Optional<GptTable> found, int sectorSize, long totalSectors)
      throws DiskException {
    GptTable base = disk.wipeTable() || found.isEmpty()
        ? GptTable.empty(Guid.random(random), sectorSize, totalSectors)
        : found.get();
    long spm = base.sectorsPerMiB();
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < disk.partitions().size(); i++) {
      items.add(new Item(i, disk.partitions().get(i)));
    }
    items.sort(Comparator.comparingInt(it -> it.spec().number() == 0 ? 1 : 0));
    items = byLabel(items, base);

    GptTable pretend = base;
    for (Item it : items) {
      if (it.spec().number() != 0 && base.entry(it.spec().number()).isPresent()) {
        pretend = pretend.without(it.spec().number());
      }
    }
    Map<Integer, Placed> placed = new HashMap<>();
    for (Item it : items) {
      PartitionSpec s = it.spec();
      if (!s.shouldExist()) {
        continue;
      }
      Optional<PartitionEntry> old = s.number() == 0 ? Optional.empty() : base.entry(s.number());
      Long start = sectors(s.startMiB(), spm);
      Long size = sectors(s.sizeMiB(), spm);
      if (old.isPresent() && !s.wipePartitionEntry()) {
        start = start == null ? old.get().firstLba() : start;
        size = size == null ? old.get().sectors() : size;
      }
      int number = s.number() != 0 ? s.number() : pretend.firstFreeNumber();
      Placed p = place(pretend, number, start, size, where(disk, it));
      placed.put(it.index(), p);
      pretend = pretend.with(new PartitionEntry(number, Guid.LINUX_FILESYSTEM, Guid.ZERO, p.first(), p.last(), 0,
          ""));
    }

    List<PartitionChange> changes = new ArrayList<>();
    for (Item it : items) {
      changes.add(decide(disk, it, base, placed.get(it.index()), spm));
    }
    GptTable after = base;
    try {
      for (PartitionChange c : changes) {
        if (c instanceof PartitionChange.Delete d) {
          after = after.without(d.entry().number());
        } else if (c instanceof PartitionChange.Resize r) {
          after = after.without(r.before().number());
        } else if (c instanceof PartitionChange.Recreate r) {
          after = after.without(r.before().number());
        }
      }
      for (PartitionChange c : changes) {
        if (c instanceof PartitionChange.Create cr) {
          after = after.with(cr.entry());
        } else if (c instanceof PartitionChange.Resize r) {
          after = after.with(r.after());
        } else if (c instanceof PartitionChange.Recreate r) {
          after = after.with(r.after());
        }
      }
    } catch (IllegalArgumentException e) {
      throw new DiskException(disk.configPath() + " " + disk.device() + ": " + e.getMessage(), e);
    }
    return new PartitionPlan(disk, disk.wipeTable() ? Optional.empty() : found, after, changes);
  }

  /** Number 0 with a label that an existing partition carries: that partition. */
  private static List<Item> byLabel(List<Item> items, GptTable base) {
    List<Integer> taken = items.stream().map(it -> it.spec().number()).filter(n -> n != 0).toList();
    List<Item> out = new ArrayList<>();
    for (Item it : items) {
      PartitionSpec s = it.spec();
      Optional<PartitionEntry> same = s.number() == 0 ? base.byName(s.label()) : Optional.empty();
      if (same.isPresent() && !taken.contains(same.get().number())) {
        out.add(new Item(it.index(), s.withNumber(same.get().number())));
      } else {
        out.add(it);
      }
    }
    return out;
  }

  private PartitionChange decide(DiskSpec disk, Item it, GptTable base, Placed p, long spm) throws DiskException {
    PartitionSpec s = it.spec();
    Optional<PartitionEntry> old = s.number() == 0 ? Optional.empty() : base.entry(s.number());
    if (old.isEmpty()) {
      return s.shouldExist() ? new PartitionChange.Create(fresh(s, p)) : new PartitionChange.Absent(s.number(),
          s.label());
    }
    PartitionEntry e = old.get();
    if (!s.shouldExist()) {
      if (!s.wipePartitionEntry()) {
        throw new DiskException(where(disk, it) + ": partition " + e.number() + " exists but shouldExist is false"
            + " and wipePartitionEntry is false");
      }
      return new PartitionChange.Delete(e);
    }
    String common = mismatchExceptSize(s, e, p, spm);
    String size = null;
    Long wantSize = s.sizeMiB() == null ? (s.wipePartitionEntry() ? null : Long.valueOf(e.sectors()))
        : Long.valueOf(p.last() - p.first() + 1);
    if (wantSize != null && wantSize.longValue() != e.sectors()) {
      size = "size did not match (specified " + wantSize + " sectors, got " + e.sectors() + ")";
    }
    if (common == null && size == null) {
      return new PartitionChange.Keep(e);
    }
    if (s.wipePartitionEntry()) {
      return new PartitionChange.Recreate(e, fresh(s, p));
    }
    if (s.resize() && common == null) {
      return new PartitionChange.Resize(e, e.withRange(e.firstLba(), e.firstLba() + wantSize - 1));
    }
    throw new DiskException(where(disk, it) + ": partition " + e.number() + " on " + disk.device()
        + " does not match the config: " + (common != null ? common : size)
        + (common == null ? "; set resize: true to resize it" : "")
        + "; set wipePartitionEntry: true to replace it");
  }

  private static String mismatchExceptSize(PartitionSpec s, PartitionEntry e, Placed p, long spm) {
    Long start = s.startMiB() == null ? (s.wipePartitionEntry() ? null : Long.valueOf(e.firstLba()))
        : Long.valueOf(s.startMiB() == 0 ? p.first() : s.startMiB() * spm);
    if (start != null && start.longValue() != e.firstLba()) {
      return "starting sector did not match (specified " + start + ", got " + e.firstLba() + ")";
    }
    if (s.guid() != null && !s.guid().equals(e.guid())) {
      return "GUID did not match (specified " + s.guid() + ", got " + e.guid() + ")";
    }
    if (s.typeGuid() != null && !s.typeGuid().equals(e.type())) {
      return "type GUID did not match (specified " + s.typeGuid() + ", got " + e.type() + ")";
    }
    if (s.label() != null && !s.label().equals(e.name())) {
      return "label did not match (specified \"" + s.label() + "\", got \"" + e.name() + "\")";
    }
    return null;
  }

  private PartitionEntry fresh(PartitionSpec s, Placed p) {
    return new PartitionEntry(p.number(), s.typeGuid() != null ? s.typeGuid() : Guid.LINUX_FILESYSTEM,
        s.guid() != null ? s.guid() : Guid.random(random), p.first(), p.last(), 0, s.label());
  }

  /** sgdisk's placement: start 0 is the aligned start of the largest free block; size 0 fills its block. */
  private static Placed place(GptTable t, int number, Long start, Long size, String where) throws DiskException {
    List<GptTable.FreeBlock> free = t.freeBlocks();
    long spm = t.sectorsPerMiB();
    long first;
    GptTable.FreeBlock block;
    if (start == null || start == 0) {
      block = free.stream().max(Comparator.comparingLong(GptTable.FreeBlock::sectors)
          .thenComparing(b -> -b.first())).orElseThrow(() -> new DiskException(where + ": the disk is full"));
      first = (block.first() + spm - 1) / spm * spm;
      if (first > block.last()) {
        throw new DiskException(where + ": no free space left on the disk");
      }
    } else {
      first = start;
      block = free.stream().filter(b -> b.contains(start)).findFirst().orElseThrow(() -> new DiskException(where
          + ": start sector " + start + " is not free (in use, or outside the usable sectors " + t.firstUsable()
          + ".." + t.lastUsable() + ")"));
    }
    long last = size == null || size == 0 ? block.last() : first + size - 1;
    if (last > block.last()) {
      throw new DiskException(where + ": partition " + number + " needs " + (size / spm) + " MiB from sector " + first
          + " but only " + ((block.last() - first + 1) / spm) + " MiB are free there");
    }
    return new Placed(number, first, last);
  }

  private static Long sectors(Integer mib, long spm) {
    return mib == null ? null : mib * spm;
  }

  private static String where(DiskSpec disk, Item it) {
    return disk.configPath() + ".partitions[" + it.index() + "]";
  }
}
