package dev.caisson.deploy.etc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/** What the /etc merge compares about one node: type, mode, owner, and content or link target. */
record NodeInfo(Type type, int mode, int uid, int gid, String target, long size) {
  enum Type {
    FILE,
    DIRECTORY,
    SYMLINK,
    OTHER
  }

  static NodeInfo read(Path p) throws IOException {
    Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,isDirectory,isSymbolicLink,isRegularFile",
        LinkOption.NOFOLLOW_LINKS);
    Type type = (Boolean) a.get("isSymbolicLink") ? Type.SYMLINK
        : (Boolean) a.get("isDirectory") ? Type.DIRECTORY
        : (Boolean) a.get("isRegularFile") ? Type.FILE
        : Type.OTHER;
    String target = type == Type.SYMLINK ? Files.readSymbolicLink(p).toString() : null;
    int mode = ((Integer) a.get("mode")) & 07777;
    return new NodeInfo(type, mode, (Integer) a.get("uid"), (Integer) a.get("gid"), target, (Long) a.get("size"));
  }

  /** True when the two nodes differ in a way the merge must carry over (directories: metadata). */
  static boolean sameNode(Path a, NodeInfo ia, Path b, NodeInfo ib) throws IOException {
    if (ia.type != ib.type || ia.uid != ib.uid || ia.gid != ib.gid) {
      return false;
    }
    return switch (ia.type) {
      case SYMLINK -> ia.target.equals(ib.target);
      case DIRECTORY -> ia.mode == ib.mode;
      case FILE -> ia.mode == ib.mode && ia.size == ib.size && sameContent(a, b);
      case OTHER -> ia.mode == ib.mode;
    };
  }

  private static boolean sameContent(Path a, Path b) throws IOException {
    if (Files.isSameFile(a, b)) {
      return true;
    }
    return Files.mismatch(a, b) == -1L;
  }
}
