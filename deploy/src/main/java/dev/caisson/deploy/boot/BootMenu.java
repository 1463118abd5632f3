package dev.caisson.deploy.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A model of how systemd-boot reads a {@code loader/entries} directory and picks what to boot,
 * including boot counting: entries with no tries left sort last; otherwise entries sort by id,
 * newest version first; the first entry is the default. {@link #attempt} renames the chosen entry
 * the way systemd-boot does before it boots it, and {@link #bless} the way systemd-bless-boot does
 * after a good boot. Tests and VM runs use it in place of a real boot loader.
 */
public final class BootMenu {
  private static final Comparator<String> VERSIONS = new VersionOrder();

  /** One entry file as the menu sees it. */
  public record Item(Path file, BootCounter.Split name, BlsEntry entry) {
    public String id() {
      return name.id();
    }

    public boolean bad() {
      return name.counter().map(BootCounter::bad).orElse(false);
    }
  }

  private final Path entriesDir;

  public BootMenu(Path entriesDir) {
    this.entriesDir = entriesDir;
  }

  /** The entries in the order the menu shows them; the first is the default. */
  public List<Item> items() throws IOException {
    if (!Files.isDirectory(entriesDir)) {
      return List.of();
    }
    var items = new ArrayList<Item>();
    try (Stream<Path> files = Files.list(entriesDir)) {
      for (Path f : (Iterable<Path>) files.sorted()::iterator) {
        String name = f.getFileName().toString();
        if (!name.endsWith(".conf") || !Files.isRegularFile(f)) {
          continue;
        }
        items.add(new Item(f, BootCounter.split(name), BlsEntry.parse(Files.readString(f))));
      }
    }
    items.sort(BootMenu::compare);
    return items;
  }

  static int compare(Item a, Item b) {
    int r = Boolean.compare(a.bad(), b.bad());
    if (r != 0) {
      return r;
    }
    r = -VERSIONS.compare(a.id(), b.id());
    if (r != 0) {
      return r;
    }
    if (a.name().counter().isEmpty() || b.name().counter().isEmpty()) {
      return 0;
    }
    BootCounter ca = a.name().counter().get();
    BootCounter cb = b.name().counter().get();
    r = -Integer.compare(ca.left(), cb.left());
    return r != 0 ? r : Integer.compare(ca.done(), cb.done());
  }

  /** The entry systemd-boot would boot with no user input. */
  public Optional<Item> chosen() throws IOException {
    return items().stream().findFirst();
  }

  /**
   * Boots the default entry: if it counts tries, renames it to one more try done, as systemd-boot
   * does before handing over to the kernel. Returns the entry as booted.
   */
  public Optional<Item> attempt() throws IOException {
    Optional<Item> chosen = chosen();
    if (chosen.isEmpty() || chosen.get().name().counter().isEmpty() || chosen.get().bad()) {
      return chosen;
    }
    Item item = chosen.get();
    var next = new BootCounter.Split(item.id(), item.name().counter().map(BootCounter::attempt));
    Path target = item.file().resolveSibling(next.fileName());
    Files.move(item.file(), target, StandardCopyOption.ATOMIC_MOVE);
    return Optional.of(new Item(target, next, item.entry()));
  }

  /** Marks the entry with {@code id} good by dropping its counter, as systemd-bless-boot does. */
  public void bless(String id) throws IOException {
    rename(id, Optional.empty());
  }

  /** Marks the entry with {@code id} bad: no tries left, so the menu passes over it. */
  public void markBad(String id) throws IOException {
    for (Item item : items()) {
      if (item.id().equals(id)) {
        int done = item.name().counter().map(BootCounter::done).orElse(0);
        rename(id, Optional.of(new BootCounter(0, done)));
      }
    }
  }

  private void rename(String id, Optional<BootCounter> counter) throws IOException {
    for (Item item : items()) {
      if (item.id().equals(id)) {
        Path target = item.file().resolveSibling(new BootCounter.Split(id, counter).fileName());
        if (!target.equals(item.file())) {
          Files.move(item.file(), target, StandardCopyOption.ATOMIC_MOVE);
        }
      }
    }
  }
}
