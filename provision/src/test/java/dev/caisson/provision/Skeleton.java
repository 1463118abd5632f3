package dev.caisson.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** The same small root for both engines: account databases, login.defs, skel, a few existing nodes. */
final class Skeleton {
  private Skeleton() {}

  static Path create(Path root) throws IOException {
    Files.createDirectories(root);
    put(root, "etc/passwd", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
        + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\nold:x:1000:1000:Old:/home/old:/bin/sh\n", 0644);
    put(root, "etc/group", "root:x:0:\ndaemon:x:1:\nwheel:x:10:\nusers:x:100:\nold:x:1000:\nextra:x:1001:old\n"
        + "nogroup:x:65534:\n", 0644);
    put(root, "etc/shadow", "root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\nnobody:*:19000:0:99999:7:::\n"
        + "old:*:19000:0:99999:7:::\n", 0640);
    put(root, "etc/gshadow", "root:*::\ndaemon:*::\nwheel:*::\nusers:*::\nold:!::\nextra:!::old\nnogroup:*::\n", 0640);
    put(root, "etc/login.defs", "MAIL_DIR /var/mail\nUSERGROUPS_ENAB yes\nUMASK 022\nHOME_MODE 0700\n"
        + "PASS_MAX_DAYS 99999\nPASS_MIN_DAYS 0\nPASS_WARN_AGE 7\nUID_MIN 1000\nUID_MAX 60000\nSYS_UID_MIN 100\n"
        + "SYS_UID_MAX 999\nGID_MIN 1000\nGID_MAX 60000\nSYS_GID_MIN 100\nSYS_GID_MAX 999\n", 0644);
    put(root, "etc/default/useradd", "SHELL=/bin/sh\n", 0644);
    put(root, "etc/selinux/config", "SELINUXTYPE=targeted\n", 0644);
    put(root, "etc/skel/.bashrc", "export PS1='$ '\n", 0644);
    put(root, "etc/motd", "welcome\n", 0644);
    put(root, "etc/realdir/keep", "keep\n", 0644);
    link(root, "etc/linkdir", "realdir");
    link(root, "etc/same", "../usr/lib/../share/x");
    put(root, "etc/systemd/system/old.service", "[Unit]\n[Install]\nWantedBy=multi-user.target\n", 0644);
    link(root, "etc/systemd/system/multi-user.target.wants/old.service", "/etc/systemd/system/old.service");
    put(root, "srv/dir/inner", "inner\n", 0644);
    Files.createDirectories(root.resolve("var/lib"));
    Files.createDirectories(root.resolve("home/old"));
    Files.setAttribute(root.resolve("home/old"), "unix:uid", 1000);
    Files.setAttribute(root.resolve("home/old"), "unix:gid", 1000);
    return root;
  }

  static void put(Path root, String rel, String text, int mode) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    Files.setAttribute(p, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
  }

  static void link(Path root, String rel, String target) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.createSymbolicLink(p, Path.of(target));
  }
}
