package dev.caisson.provision.files;

import dev.caisson.provision.fetch.Verification;
import java.util.List;

/** One step of a plan. The dry run prints them; the real run performs exactly these. */
public sealed interface Action {
  /** The plan line: paths, modes, owners and content hashes, never contents or password hashes. */
  String describe();

  /** The paths (relative to the root) this action touches on disk; empty for notes. */
  default List<String> paths() {
    return List.of();
  }

  record MkDir(String rel, int mode, int uid, int gid) implements Action {
    public String describe() {
      return "create directory /" + rel + " mode " + Modes.octal(mode) + " owner " + uid + ":" + gid;
    }

    public List<String> paths() {
      return List.of(rel);
    }
  }

  /**
   * Writes a whole file through a temp file and a rename; {@code before} is what it replaces. The
   * content's digest is only computed when the action is described (on the worker that writes it).
   */
  record Write(String rel, byte[] data, int mode, int uid, int gid, Node before) implements Action {
    String sha() {
      return Verification.sha256(data);
    }

    public String describe() {
      String sha = sha();
      if (before instanceof Node.File f) {
        return "change file /" + rel + " mode " + Modes.octal(f.mode()) + "->" + Modes.octal(mode) + " owner "
            + f.uid() + ":" + f.gid() + "->" + uid + ":" + gid + " sha256 " + (f.sha256() == null ? "?" : f.sha256())
            + "->" + sha;
      }
      return "create file /" + rel + " mode " + Modes.octal(mode) + " owner " + uid + ":" + gid + " sha256 " + sha;
    }

    public List<String> paths() {
      return List.of(rel);
    }
  }

  record Attrs(String rel, Node before, int mode, int uid, int gid) implements Action {
    public String describe() {
      int[] b = Modes.attrs(before);
      return "change /" + rel + " mode " + Modes.octal(b[0]) + "->" + Modes.octal(mode) + " owner " + b[1] + ":"
          + b[2] + "->" + uid + ":" + gid;
    }

    public List<String> paths() {
      return List.of(rel);
    }
  }

  record Remove(String rel, Node before) implements Action {
    public String describe() {
      String kind = before instanceof Node.Dir ? "directory (recursively)" : before instanceof Node.Link ? "link"
          : "file";
      return "remove " + kind + " /" + rel;
    }

    public List<String> paths() {
      return List.of(rel);
    }
  }

  record Symlink(String rel, String target, int uid, int gid) implements Action {
    public String describe() {
      return "create link /" + rel + " -> " + target + " owner " + uid + ":" + gid;
    }

    public List<String> paths() {
      return List.of(rel);
    }
  }

  record HardLink(String rel, String targetRel, int uid, int gid) implements Action {
    public String describe() {
      return "create hard link /" + rel + " => /" + targetRel;
    }

    public List<String> paths() {
      return List.of(rel);
    }
  }

  /** A user, group or unit change; the file writes that carry it out are separate actions. */
  record Note(String text) implements Action {
    public String describe() {
      return text;
    }
  }
}
