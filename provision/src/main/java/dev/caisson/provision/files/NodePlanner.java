package dev.caisson.provision.files;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caisson.provision.ProvisionException;
import dev.caisson.provision.fetch.ConfigLoader;
import dev.caisson.provision.fetch.Fetcher;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Plans {@code storage.files}, {@code directories} and {@code links} in Ignition's order: by path
 * depth, hard links last. Every content is fetched and verified here, before anything is written.
 */
final class NodePlanner {
  private final PlanBuilder plan;
  private final Accounts accounts;
  private final Fetcher fetcher;
  private final boolean keepSpecialBits;
  private final Consumer<String> warn;

  NodePlanner(PlanBuilder plan, Accounts accounts, Fetcher fetcher, boolean keepSpecialBits, Consumer<String> warn) {
    this.plan = plan;
    this.accounts = accounts;
    this.fetcher = fetcher;
    this.keepSpecialBits = keepSpecialBits;
    this.warn = warn;
  }

  private record Entry(String kind, int index, JsonNode node) {
    String what() {
      return "storage." + kind + "[" + index + "] " + node.path("path").asText();
    }

    int depth() {
      return Path.of(node.path("path").asText()).getNameCount();
    }
  }

  void apply(JsonNode storage) throws ProvisionException {
    var entries = new ArrayList<Entry>();
    var hard = new ArrayList<Entry>();
    add(entries, storage, "files");
    add(entries, storage, "directories");
    int i = 0;
    for (JsonNode l : storage.path("links")) {
      (l.path("hard").asBoolean(false) ? hard : entries).add(new Entry("links", i++, l));
    }
    entries.sort(Comparator.comparingInt(Entry::depth));
    entries.addAll(hard);
    for (Entry e : entries) {
      switch (e.kind()) {
        case "files" -> file(e);
        case "directories" -> directory(e);
        default -> link(e);
      }
    }
  }

  private static void add(List<Entry> out, JsonNode storage, String kind) {
    int i = 0;
    for (JsonNode n : storage.path(kind)) {
      out.add(new Entry(kind, i++, n));
    }
  }

  private int mode(Entry e, int fallback) {
    JsonNode m = e.node().get("mode");
    int mode = m == null || m.isNull() ? fallback : m.asInt();
    if (!keepSpecialBits && (mode & 07000) != 0) {
      warn.accept(e.what() + ": setuid, setgid and sticky bits need spec 3.4.0 or newer; mode "
          + Modes.octal(mode) + " becomes " + Modes.octal(mode & 0777));
      mode &= 0777;
    }
    return mode;
  }

  private int[] owner(Entry e) throws ProvisionException {
    JsonNode u = e.node().path("user");
    JsonNode g = e.node().path("group");
    int uid = u.hasNonNull("id") ? u.get("id").asInt() : u.hasNonNull("name")
        ? accounts.uid(u.get("name").asText(), e.what()) : 0;
    int gid = g.hasNonNull("id") ? g.get("id").asInt() : g.hasNonNull("name")
        ? accounts.gid(g.get("name").asText(), e.what()) : 0;
    return new int[] {uid, gid};
  }

  private void file(Entry e) throws ProvisionException {
    JsonNode n = e.node();
    String rel = plan.fs().resolve(n.path("path").asText(), false);
    JsonNode contents = n.path("contents");
    boolean has = contents.hasNonNull("source");
    byte[] data = has ? ConfigLoader.fetchRef(fetcher, contents, e.what()) : null;
    var appends = new ByteArrayOutputStream();
    int i = 0;
    for (JsonNode a : n.path("append")) {
      appends.writeBytes(ConfigLoader.fetchRef(fetcher, a, e.what() + " append[" + i++ + "]"));
    }
    int mode = mode(e, 0644);
    int[] own = owner(e);
    Node before = plan.fs().lookup(rel);
    boolean overwrite = n.path("overwrite").asBoolean(false);
    if (!(before instanceof Node.Absent)) {
      if (has && !overwrite) {
        throw new ProvisionException(e.what() + ": a file exists there already and overwrite is false");
      }
      if (!(before instanceof Node.File)) {
        if (!overwrite) {
          throw new ProvisionException(e.what() + ": a non-file exists there already and overwrite is false");
        }
        plan.remove(rel, before);
        before = Node.ABSENT;
      }
    }
    plan.parents(rel, e.what());
    if (before instanceof Node.File f && !has && appends.size() == 0) {
      plan.attrs(rel, f, mode, own[0], own[1]);
      return;
    }
    byte[] base = has ? data : before instanceof Node.File ? plan.read(rel) : new byte[0];
    var all = new ByteArrayOutputStream(base.length + appends.size());
    all.writeBytes(base);
    all.writeBytes(appends.toByteArray());
    plan.write(rel, all.toByteArray(), mode, own[0], own[1], before);
  }

  private void directory(Entry e) throws ProvisionException {
    String rel = plan.fs().resolve(e.node().path("path").asText(), false);
    int mode = mode(e, 0755);
    int[] own = owner(e);
    Node before = plan.fs().lookup(rel);
    if (before instanceof Node.Dir) {
      plan.attrs(rel, before, mode, own[0], own[1]);
      return;
    }
    if (!(before instanceof Node.Absent)) {
      if (!e.node().path("overwrite").asBoolean(false)) {
        throw new ProvisionException(e.what() + ": a non-directory exists there already and overwrite is false");
      }
      plan.remove(rel, before);
    }
    plan.parents(rel, e.what());
    plan.mkdir(rel, mode, own[0], own[1]);
  }

  private void link(Entry e) throws ProvisionException {
    JsonNode n = e.node();
    String rel = plan.fs().resolve(n.path("path").asText(), false);
    String target = n.path("target").asText();
    boolean hard = n.path("hard").asBoolean(false);
    int[] own = owner(e);
    Node before = plan.fs().lookup(rel);
    String targetRel = null;
    Node targetNode = null;
    if (hard) {
      targetRel = plan.fs().resolve(target.startsWith("/") ? target : "/" + target, false);
      targetNode = plan.fs().lookup(targetRel);
      if (!(targetNode instanceof Node.File)) {
        throw new ProvisionException(e.what() + ": hard link target " + target + " is not an existing file");
      }
    }
    if (!hard && before instanceof Node.Link l && clean(l.target()).equals(clean(target))) {
      return;
    }
    if (!(before instanceof Node.Absent)) {
      if (!n.path("overwrite").asBoolean(false)) {
        throw new ProvisionException(e.what() + ": a node exists there already and overwrite is false");
      }
      plan.remove(rel, before);
    }
    plan.parents(rel, e.what());
    if (hard) {
      plan.hardlink(rel, targetRel, targetNode);
    } else {
      plan.symlink(rel, target, own[0], own[1]);
    }
  }

  static String clean(String p) {
    String c = Path.of(p).normalize().toString();
    return c.isEmpty() ? "." : c;
  }
}
