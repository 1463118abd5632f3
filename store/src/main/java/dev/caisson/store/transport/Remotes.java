package dev.caisson.store.transport;

import dev.caisson.store.KeyFile;
import dev.caisson.store.Repo;
import dev.caisson.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The {@code [remote "NAME"]} groups of a repository's config, as {@code ostree remote} keeps them. */
public final class Remotes {
  private final Repo repo;

  public Remotes(Repo repo) {
    this.repo = repo;
  }

  private Path config() {
    return repo.path().resolve("config");
  }

  /** Remote name to its keys (url, gpg-verify, ...). */
  public Map<String, Map<String, String>> list() throws IOException {
    var out = new TreeMap<String, Map<String, String>>();
    KeyFile.parse(Files.readString(config())).groups().forEach((g, kv) -> {
      if (g.startsWith("remote \"") && g.endsWith("\"")) {
        out.put(g.substring(8, g.length() - 1), kv);
      }
    });
    return out;
  }

  public String url(String name) throws IOException {
    Map<String, String> r = list().get(name);
    if (r == null || r.get("url") == null) {
      throw new StoreException("no remote '" + name + "'; add it with: caisson repo remote add " + name + " URL");
    }
    return r.get("url");
  }

  public void add(String name, String url, Map<String, String> settings) throws IOException {
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new StoreException("invalid remote name '" + name + "'");
    }
    if (list().containsKey(name)) {
      throw new StoreException("remote '" + name + "' already exists");
    }
    var keys = new LinkedHashMap<String, String>();
    keys.put("url", url);
    keys.putAll(settings);
    var sb = new StringBuilder(Files.readString(config()));
    if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') {
      sb.append('\n');
    }
    sb.append("\n[remote \"").append(name).append("\"]\n");
    keys.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    write(sb.toString());
  }

  public void delete(String name) throws IOException {
    if (!list().containsKey(name)) {
      throw new StoreException("no remote '" + name + "'");
    }
    var out = new StringBuilder();
    boolean skipping = false;
    for (String line : Files.readString(config()).split("\n", -1)) {
      String t = line.strip();
      if (t.startsWith("[")) {
        skipping = t.equals("[remote \"" + name + "\"]");
      }
      if (!skipping) {
        out.append(line).append('\n');
      }
    }
    write(out.toString().replaceAll("\n+$", "\n"));
  }

  private void write(String text) throws IOException {
    Path tmp = config().resolveSibling(".config.tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, config(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
