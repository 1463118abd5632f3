package dev.caisson.provision.files;

import dev.caisson.provision.ProvisionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The one way paths from a config reach the disk. Each component is looked up inside the root by
 * this class, never by the OS: symlinks (on disk, or planned earlier in this run) are followed by
 * hand, an absolute link target starts again at the root, and a {@code ..} that would climb above
 * the root is refused. Results are paths relative to the root, with no symlink in their parents.
 */
public final class RootResolver {
  private static final int MAX_LINKS = 40;

  private final Path root;
  private final Map<String, Node> planned = new HashMap<>();
  private final java.util.Set<String> removed = new java.util.HashSet<>();
  private final java.util.Set<String> fresh = new java.util.HashSet<>();
  /** What the disk held at each path looked up, before this run changes anything. */
  private final Map<String, Node> disk = new HashMap<>();

  public RootResolver(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** The real path on disk for a resolved relative path. */
  public Path onDisk(String rel) {
    return rel.isEmpty() ? root : root.resolve(rel);
  }

  /** Records what the plan will put at {@code rel}, so later lookups see it. */
  public void plan(String rel, Node node) {
    planned.put(rel, node);
  }

  /** Records a directory this plan creates: nothing can be under it on disk, so no need to look. */
  public void planNewDirectory(String rel, Node.Dir dir) {
    planned.put(rel, dir);
    fresh.add(rel);
  }

  /** Records that the plan removes {@code rel} and everything under it. */
  public void planRemoval(String rel) {
    removed.add(rel);
    planned.keySet().removeIf(k -> k.startsWith(rel + "/"));
    planned.put(rel, Node.ABSENT);
  }

  /** Resolves an absolute config path; the last component is followed only if {@code followLast}. */
  public String resolve(String path, boolean followLast) throws ProvisionException {
    Deque<String> todo = new ArrayDeque<>();
    for (String c : path.split("/")) {
      if (!c.isEmpty()) {
        todo.addLast(c);
      }
    }
    Deque<String> done = new ArrayDeque<>();
    int hops = 0;
    while (!todo.isEmpty()) {
      String c = todo.pollFirst();
      if (c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (done.isEmpty()) {
          throw new ProvisionException(path + ": resolves outside the root (through ..)");
        }
        done.pollLast();
        continue;
      }
      String here = join(done, c);
      boolean last = todo.isEmpty();
      if (last && !followLast) {
        done.addLast(c);
        break;
      }
      if (lookup(here) instanceof Node.Link link) {
        if (++hops > MAX_LINKS) {
          throw new ProvisionException(path + ": too many levels of symbolic links");
        }
        String t = link.target();
        if (t.startsWith("/")) {
          done.clear();
        }
        String[] parts = t.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
          if (!parts[i].isEmpty()) {
            todo.addFirst(parts[i]);
          }
        }
        continue;
      }
      done.addLast(c);
    }
    return String.join("/", done);
  }

  private static String join(Deque<String> done, String c) {
    return done.isEmpty() ? c : String.join("/", done) + "/" + c;
  }

  /** What stands at a resolved path: the plan's view first, then the disk (without following links). */
  public Node lookup(String rel) throws ProvisionException {
    Node p = planned.get(rel);
    if (p != null) {
      return p;
    }
    int slash = rel.lastIndexOf('/');
    if (slash > 0 && fresh.contains(rel.substring(0, slash))) {
      return Node.ABSENT;
    }
    for (int i = slash; i > 0; i = rel.lastIndexOf('/', i - 1)) {
      if (removed.contains(rel.substring(0, i))) {
        return Node.ABSENT;
      }
    }
    Node n = disk.get(rel);
    if (n == null) {
      n = onDiskNode(rel);
      disk.put(rel, n);
    }
    return n;
  }

  public Node onDiskNode(String rel) throws ProvisionException {
    Path on = onDisk(rel);
    try {
      Map<String, Object> a = Files.readAttributes(on, "unix:mode,uid,gid,ino", LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) a.get("mode");
      int uid = (Integer) a.get("uid");
      int gid = (Integer) a.get("gid");
      int type = mode & 0170000;
      return switch (type) {
        case 0040000 -> new Node.Dir(mode & 07777, uid, gid);
        case 0120000 -> new Node.Link(Files.readSymbolicLink(on).toString(), uid, gid);
        case 0100000 -> new Node.File(mode & 07777, uid, gid, null, (Long) a.get("ino"));
        default -> new Node.Other();
      };
    } catch (NoSuchFileException e) {
      return Node.ABSENT;
    } catch (java.nio.file.FileSystemException e) {
      if (e.getMessage() != null && e.getMessage().contains("Not a directory")) {
        return Node.ABSENT;
      }
      throw new ProvisionException(rel + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new ProvisionException(rel + ": " + e.getMessage(), e);
    }
  }
}
