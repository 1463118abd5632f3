package dev.caisson.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A stream's releases in publication order: the position is the {@code age_index}. */
public record StreamRecord(String name, List<Release> releases) {
  public StreamRecord {
    if (name == null || !name.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new IllegalArgumentException("bad stream name: " + name);
    }
    releases = List.copyOf(releases);
    if (releases.stream().map(Release::version).distinct().count() != releases.size()) {
      throw new IllegalArgumentException("a version appears twice on stream " + name);
    }
  }

  public Optional<Release> release(String version) {
    return releases.stream().filter(r -> r.version().equals(version)).findFirst();
  }

  /** This stream with {@code version} replaced by {@code change(it)}; the version must exist. */
  public StreamRecord change(String version, UnaryOperator<Release> change) {
    var next = new ArrayList<Release>();
    boolean found = false;
    for (Release r : releases) {
      if (r.version().equals(version)) {
        next.add(change.apply(r));
        found = true;
      } else {
        next.add(r);
      }
    }
    if (!found) {
      throw new IllegalArgumentException("stream " + name + " has no release " + version);
    }
    return new StreamRecord(name, next);
  }

  public StreamRecord append(Release release) {
    var next = new ArrayList<>(releases);
    next.add(release);
    return new StreamRecord(name, next);
  }
}
