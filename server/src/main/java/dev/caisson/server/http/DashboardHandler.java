package dev.caisson.server.http;

import dev.caisson.server.fleet.Inventory;
import dev.caisson.server.fleet.Releases;
import dev.caisson.server.lock.RebootLocks;
import dev.caisson.server.store.BackendException;
import dev.caisson.server.store.NodeRecord;
import dev.caisson.server.store.Release;
import dev.caisson.server.store.StreamRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * {@code GET /}: one server-rendered page. Per stream its releases with rollout progress (the time-based threshold
 * and the share of the stream's nodes booted on each version), pauses with their reason; the locks held, since
 * when; and a node table that a few lines of JavaScript filter and sort.
 */
final class DashboardHandler {
  /** The node table shows at most this many rows (the most recently seen), so the page stays light. */
  static final int MAX_ROWS = 2000;

  private final Releases releases;
  private final RebootLocks locks;
  private final Inventory inventory;
  private final Clock clock;

  DashboardHandler(Releases releases, RebootLocks locks, Inventory inventory, Clock clock) {
    this.releases = releases;
    this.locks = locks;
    this.inventory = inventory;
    this.clock = clock;
  }

  void handle(Exchange ex) throws BackendException {
    List<NodeRecord> nodes = inventory.nodes();
    var html = new StringBuilder(8192 + nodes.size() * 300);
    html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Caisson fleet</title>")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>")
        .append("body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;")
        .append("margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left}")
        .append("th{background:#f3f3f3;cursor:pointer}.paused{background:#fde2e2}.bar{background:#ddd;width:10em;")
        .append("height:.8em;display:inline-block}.bar span{background:#3a7;height:100%;display:block}")
        .append(".stale{color:#999}</style></head><body><h1>Caisson fleet</h1>");
    html.append("<p id=\"summary\">").append(nodes.size()).append(" nodes, ")
        .append(nodes.stream().filter(inventory::stale).count()).append(" stale. Server time ")
        .append(Instant.ofEpochMilli(clock.millis())).append("</p>");
    for (StreamRecord s : releases.streams()) {
      stream(html, s, nodes);
    }
    html.append("<h2>Reboot locks</h2><table id=\"locks\"><tr><th>group</th><th>slots</th><th>holder</th>")
        .append("<th>since</th></tr>");
    for (var g : locks.held()) {
      int slots = locks.policy().group(g.key()).map(p -> p.slots()).orElse(0);
      for (var h : g.value().holders()) {
        html.append("<tr><td>").append(esc(g.key())).append("</td><td>").append(slots).append("</td><td>")
            .append(esc(h.id())).append("</td><td>").append(Instant.ofEpochMilli(h.sinceMillis())).append("</td></tr>");
      }
    }
    html.append("</table>");
    nodeTable(html, nodes);
    html.append(SCRIPT).append("</body></html>");
    ex.text(200, "text/html; charset=utf-8", html.toString());
  }

  private void stream(StringBuilder html, StreamRecord s, List<NodeRecord> nodes) {
    var onVersion = new TreeMap<String, Integer>();
    long inStream = nodes.stream().filter(n -> n.stream().equals(s.name())).peek(
        n -> onVersion.merge(n.bootedVersion(), 1, Integer::sum)).count();
    html.append("<h2>Stream ").append(esc(s.name())).append("</h2><table class=\"stream\" data-stream=\"")
        .append(esc(s.name())).append("\"><tr><th>age</th><th>version</th><th>rollout</th><th>nodes on it</th>")
        .append("<th>flags</th><th>pause</th></tr>");
    long now = clock.millis() / 1000;
    for (int i = s.releases().size() - 1; i >= 0; i--) {
      Release r = s.releases().get(i);
      int on = onVersion.getOrDefault(r.version(), 0);
      html.append("<tr").append(r.pause().isPresent() ? " class=\"paused\"" : "").append(" data-version=\"")
          .append(esc(r.version())).append("\"><td>").append(i).append("</td><td>").append(esc(r.version()))
          .append("</td><td>");
      if (r.rollout().isPresent()) {
        double t = r.rollout().get().throttle(now);
        html.append("<span class=\"bar\"><span style=\"width:").append(String.format(Locale.ROOT, "%.1f", t * 100))
            .append("%\"></span></span> ").append(String.format(Locale.ROOT, "%.1f%%", t * 100));
      } else {
        html.append("not offered");
      }
      html.append("</td><td>").append(on).append(" (").append(inStream == 0 ? "0"
          : String.format(Locale.ROOT, "%.1f", 100.0 * on / inStream)).append("%)</td><td>");
      r.barrier().ifPresent(b -> html.append("barrier: ").append(esc(b)).append(' '));
      r.deadend().ifPresent(d -> html.append("dead end: ").append(esc(d)).append(' '));
      r.rateLimit().ifPresent(l -> html.append("limit ").append(l.maxPerPeriod()).append('/')
          .append(l.periodMinutes()).append(" min, ").append(l.maxInProgress()).append(" at once"));
      html.append("</td><td>");
      r.pause().ifPresent(p -> html.append(p.automatic() ? "<b>halted</b>: " : "paused: ").append(esc(p.reason()))
          .append(" (since ").append(Instant.ofEpochMilli(p.sinceMillis())).append(')'));
      html.append("</td></tr>");
    }
    html.append("</table>");
  }

  private void nodeTable(StringBuilder html, List<NodeRecord> all) {
    List<NodeRecord> nodes = all;
    if (all.size() > MAX_ROWS) {
      nodes = all.stream().sorted(java.util.Comparator.comparingLong(NodeRecord::lastSeenMillis).reversed())
          .limit(MAX_ROWS).toList();
    }
    html.append("<h2>Nodes</h2>");
    if (nodes.size() < all.size()) {
      html.append("<p id=\"cut\">The ").append(MAX_ROWS).append(" nodes seen last, of ").append(all.size())
          .append("; <code>GET /v1/admin/nodes</code> lists all.</p>");
    }
    html.append("<p><input id=\"filter\" placeholder=\"filter nodes\" size=\"40\"> <span id=\"shown\">")
        .append(nodes.size()).append("</span> shown</p><table id=\"nodes\"><thead><tr>");
    for (String h : List.of("node", "stream", "group", "booted", "staged", "state", "last error", "rollbacks",
        "last seen", "last report")) {
      html.append("<th>").append(h).append("</th>");
    }
    html.append("</tr></thead><tbody>");
    for (NodeRecord n : nodes) {
      html.append("<tr").append(inventory.stale(n) ? " class=\"stale\"" : "").append("><td>").append(esc(n.id()))
          .append("</td><td>").append(esc(n.stream())).append("</td><td>").append(esc(n.group())).append("</td><td>")
          .append(esc(n.bootedVersion())).append("</td><td>").append(esc(n.stagedVersion())).append("</td><td>")
          .append(esc(n.state())).append(inventory.stale(n) ? " (stale)" : "").append("</td><td>")
          .append(esc(n.lastError())).append("</td><td>").append(esc(String.join(", ", n.rollbacks())))
          .append("</td><td>").append(Instant.ofEpochMilli(n.lastSeenMillis())).append("</td><td>")
          .append(n.lastReportMillis() == 0 ? "" : Instant.ofEpochMilli(n.lastReportMillis()).toString())
          .append("</td></tr>");
    }
    html.append("</tbody></table>");
  }

  static String esc(String s) {
    var out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static final String SCRIPT = """
      <script>
      const body = document.querySelector('#nodes tbody');
      document.getElementById('filter').addEventListener('input', e => {
        const q = e.target.value.toLowerCase(); let shown = 0;
        for (const row of body.rows) {
          const hit = row.textContent.toLowerCase().includes(q);
          row.style.display = hit ? '' : 'none'; if (hit) shown++;
        }
        document.getElementById('shown').textContent = shown;
      });
      document.querySelectorAll('#nodes th').forEach((th, col) => th.addEventListener('click', () => {
        const asc = th.dataset.order !== 'asc'; th.dataset.order = asc ? 'asc' : 'desc';
        const rows = Array.from(body.rows);
        rows.sort((a, b) => a.cells[col].textContent.localeCompare(b.cells[col].textContent, undefined,
            {numeric: true}) * (asc ? 1 : -1));
        rows.forEach(r => body.appendChild(r));
      }));
      </script>""";
}
