package dev.caisson.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;

/** Trees the store's tests commit with ours and with ostree. */
final class TestTrees {
  private TestTrees() {}

  /**
   * Writes the entries whose metadata ostree and we must hash alike into {@code tree}: an executable,
   * a setuid file, a file owned by 1000:1001, a symlink, an empty file and a file with the user
   * xattr {@code a=1} (as {@code xattr}). Returns {@code tree}.
   */
  static Path varied(Path tree) throws IOException {
    Files.createDirectories(tree.resolve("usr/bin"));
    Files.writeString(tree.resolve("usr/bin/tool"), "#!/bin/sh\necho tool\n");
    Files.setAttribute(tree.resolve("usr/bin/tool"), "unix:mode", 0755);
    Files.writeString(tree.resolve("usr/bin/su"), "setuid");
    Files.setAttribute(tree.resolve("usr/bin/su"), "unix:mode", 04755);
    Files.writeString(tree.resolve("owned"), "uid 1000");
    Files.setAttribute(tree.resolve("owned"), "unix:uid", 1000);
    Files.setAttribute(tree.resolve("owned"), "unix:gid", 1001);
    Files.createSymbolicLink(tree.resolve("link"), Path.of("usr/bin/tool"));
    Files.createFile(tree.resolve("empty"));
    Path xattr = tree.resolve("xattr");
    Files.writeString(xattr, "with xattrs");
    xattr(xattr, "a", "1");
    return tree;
  }

  static void xattr(Path file, String name, String value) throws IOException {
    Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
        .write(name, ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
  }
}
