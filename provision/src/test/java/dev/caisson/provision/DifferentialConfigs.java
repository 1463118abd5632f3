package dev.caisson.provision;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** The configs both engines apply to the skeleton root: specs 3.0.0 to 3.3.0. */
final class DifferentialConfigs {
  private DifferentialConfigs() {}

  static String cfg(String version, String body) {
    return "{\"ignition\":{\"version\":\"" + version + "\"}" + (body.isEmpty() ? "" : "," + body) + "}";
  }

  static String files(String entries) {
    return "\"storage\":{\"files\":[" + entries + "]}";
  }

  static String gz(String text) {
    var out = new ByteArrayOutputStream();
    try (var gz = new GZIPOutputStream(out)) {
      gz.write(text.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "data:;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
  }

  static Map<String, String> all() {
    var m = new LinkedHashMap<String, String>();
    String unit = "[Unit]\\nDescription=x\\n[Service]\\nExecStart=/bin/true\\n[Install]\\nWantedBy=multi-user.target\\n";
    m.put("file-data-url", cfg("3.0.0", files("{\"path\":\"/etc/hostname\",\"contents\":{\"source\":\"data:,node1%0A\"}}")));
    m.put("file-mode-owner-id", cfg("3.1.0", files("{\"path\":\"/etc/secret\",\"mode\":384,\"user\":{\"id\":1000},"
        + "\"group\":{\"id\":1001},\"contents\":{\"source\":\"data:,s\"}}")));
    m.put("file-owner-by-name", cfg("3.2.0", files("{\"path\":\"/etc/d.conf\",\"user\":{\"name\":\"daemon\"},"
        + "\"group\":{\"name\":\"wheel\"},\"contents\":{\"source\":\"data:,x\"}}")));
    m.put("file-user-only", cfg("3.3.0", files("{\"path\":\"/etc/u.conf\",\"user\":{\"id\":1000},"
        + "\"contents\":{\"source\":\"data:,x\"}}")));
    m.put("file-gzip", cfg("3.1.0", files("{\"path\":\"/etc/big.txt\",\"contents\":{\"compression\":\"gzip\","
        + "\"source\":\"" + gz("hello ".repeat(200)) + "\"}}")));
    m.put("file-gzip-hash", cfg("3.2.0", files("{\"path\":\"/etc/h.txt\",\"contents\":{\"compression\":\"gzip\","
        + "\"source\":\"" + gz("abc") + "\",\"verification\":{\"hash\":\"sha512-"
        + "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f\"}}}")));
    m.put("file-append-new", cfg("3.0.0", files("{\"path\":\"/etc/appended\",\"append\":[{\"source\":\"data:,line1%0A\"},"
        + "{\"source\":\"data:,line2%0A\"}]}")));
    m.put("file-append-existing", cfg("3.1.0", files("{\"path\":\"/etc/motd\",\"append\":[{\"source\":\"data:,more%0A\"}]}")));
    m.put("file-overwrite", cfg("3.2.0", files("{\"path\":\"/etc/motd\",\"overwrite\":true,\"mode\":416,"
        + "\"contents\":{\"source\":\"data:,new\"}}")));
    m.put("file-chmod-existing", cfg("3.3.0", files("{\"path\":\"/etc/motd\",\"mode\":384}")));
    m.put("file-empty-new", cfg("3.0.0", files("{\"path\":\"/etc/empty\"}")));
    m.put("file-deep-parents", cfg("3.0.0", files("{\"path\":\"/deep/new/dir/file\",\"contents\":{\"source\":\"data:,d\"}}")));
    m.put("file-through-disk-link", cfg("3.1.0", files("{\"path\":\"/etc/linkdir/through\",\"contents\":{\"source\":\"data:,t\"}}")));
    m.put("file-replaces-dir", cfg("3.2.0", files("{\"path\":\"/srv/dir\",\"overwrite\":true,\"contents\":{\"source\":\"data:,f\"}}")));
    m.put("file-special-bits-dropped", cfg("3.2.0", files("{\"path\":\"/usr/local/bin/suid\",\"mode\":2541,"
        + "\"contents\":{\"source\":\"data:,x\"}}")));
    m.put("dir-simple", cfg("3.0.0", "\"storage\":{\"directories\":[{\"path\":\"/var/lib/emptydir\"}]}"));
    m.put("dir-mode-owner", cfg("3.1.0", "\"storage\":{\"directories\":[{\"path\":\"/etc/myapp\",\"mode\":488,"
        + "\"user\":{\"name\":\"old\"},\"group\":{\"name\":\"extra\"}}]}"));
    m.put("dir-existing-chmod", cfg("3.2.0", "\"storage\":{\"directories\":[{\"path\":\"/srv/dir\",\"mode\":448}]}"));
    m.put("dir-overwrite-file", cfg("3.3.0", "\"storage\":{\"directories\":[{\"path\":\"/etc/motd\",\"overwrite\":true}]}"));
    m.put("dirs-and-files-depth", cfg("3.2.0", "\"storage\":{\"files\":[{\"path\":\"/a/b/c/f\",\"mode\":420,"
        + "\"contents\":{\"source\":\"data:,1\"}}],\"directories\":[{\"path\":\"/a/b\",\"mode\":457},{\"path\":\"/a\",\"mode\":456}]}"));
    m.put("link-relative", cfg("3.0.0", "\"storage\":{\"links\":[{\"path\":\"/etc/localtime\",\"target\":\"../usr/share/zoneinfo/UTC\"}]}"));
    m.put("link-absolute-owner", cfg("3.1.0", "\"storage\":{\"links\":[{\"path\":\"/usr/local/bin/hi\",\"target\":\"/usr/bin/true\","
        + "\"user\":{\"id\":1000},\"group\":{\"id\":1000}}]}"));
    m.put("link-same-target-kept", cfg("3.2.0", "\"storage\":{\"links\":[{\"path\":\"/etc/same\",\"target\":\"../usr/share/x\","
        + "\"user\":{\"id\":1000}}]}"));
    m.put("link-overwrite-file", cfg("3.3.0", "\"storage\":{\"links\":[{\"path\":\"/etc/motd\",\"target\":\"/run/motd\",\"overwrite\":true}]}"));
    m.put("hardlink-relative-from-root", cfg("3.2.0", "\"storage\":{\"files\":[{\"path\":\"/etc/myapp/config.yaml\","
        + "\"mode\":416,\"user\":{\"id\":1000},\"contents\":{\"source\":\"data:,k%3Av\"}}],\"links\":[{\"path\":\"/etc/myapp/hardlink\","
        + "\"target\":\"etc/myapp/config.yaml\",\"hard\":true}]}"));
    m.put("hardlink-absolute", cfg("3.3.0", "\"storage\":{\"links\":[{\"path\":\"/srv/motd-link\",\"target\":\"/etc/motd\",\"hard\":true}]}"));
    m.put("links-and-files", cfg("3.1.0", "\"storage\":{\"files\":[{\"path\":\"/usr/local/bin/hello.sh\",\"mode\":493,"
        + "\"contents\":{\"source\":\"data:,echo%20hi\"}}],\"links\":[{\"path\":\"/usr/local/bin/hi\",\"target\":\"hello.sh\"}]}"));
    m.put("user-simple", cfg("3.0.0", "\"passwd\":{\"users\":[{\"name\":\"alice\"}]}"));
    m.put("user-full", cfg("3.1.0", "\"passwd\":{\"users\":[{\"name\":\"alice\",\"uid\":1500,\"gecos\":\"Alice Example\","
        + "\"groups\":[\"wheel\",\"extra\"],\"sshAuthorizedKeys\":[\"ssh-ed25519 AAAA alice@a\",\"ssh-rsa BBBB alice@b\"]}]}"));
    m.put("user-system", cfg("3.2.0", "\"passwd\":{\"users\":[{\"name\":\"svc\",\"system\":true}]}"));
    m.put("user-no-home", cfg("3.0.0", "\"passwd\":{\"users\":[{\"name\":\"nohome\",\"noCreateHome\":true}]}"));
    m.put("user-no-user-group", cfg("3.1.0", "\"passwd\":{\"users\":[{\"name\":\"bob\",\"noUserGroup\":true}]}"));
    m.put("user-primary-group", cfg("3.2.0", "\"passwd\":{\"users\":[{\"name\":\"carol\",\"primaryGroup\":\"extra\"}]}"));
    m.put("user-home-shell", cfg("3.3.0", "\"passwd\":{\"users\":[{\"name\":\"dave\",\"homeDir\":\"/var/home/dave\","
        + "\"shell\":\"/bin/zsh\",\"passwordHash\":\"$6$salt$hash\"}]}"));
    m.put("user-uid-taken-gid", cfg("3.0.0", "\"passwd\":{\"users\":[{\"name\":\"erin\",\"uid\":1001}]}"));
    m.put("users-allocation", cfg("3.1.0", "\"passwd\":{\"users\":[{\"name\":\"u1\"},{\"name\":\"u2\"},{\"name\":\"s1\",\"system\":true},"
        + "{\"name\":\"s2\",\"system\":true,\"noCreateHome\":true}]}"));
    m.put("user-existing-groups", cfg("3.2.0", "\"passwd\":{\"users\":[{\"name\":\"old\",\"groups\":[\"wheel\"]}]}"));
    m.put("user-existing-keys", cfg("3.3.0", "\"passwd\":{\"users\":[{\"name\":\"old\",\"sshAuthorizedKeys\":[\"ssh-ed25519 CCCC old@c\"]}]}"));
    m.put("group-gid", cfg("3.0.0", "\"passwd\":{\"groups\":[{\"name\":\"devs\",\"gid\":2500}]}"));
    m.put("group-system", cfg("3.1.0", "\"passwd\":{\"groups\":[{\"name\":\"sysg\",\"system\":true},{\"name\":\"normg\"}]}"));
    m.put("group-password", cfg("3.2.0", "\"passwd\":{\"groups\":[{\"name\":\"pg\",\"passwordHash\":\"$6$x$y\"}]}"));
    m.put("users-groups-owner", cfg("3.3.0", "\"passwd\":{\"users\":[{\"name\":\"alice\",\"uid\":1500,\"groups\":[\"devs\"]}],"
        + "\"groups\":[{\"name\":\"devs\",\"gid\":2500}]},\"storage\":{\"directories\":[{\"path\":\"/etc/myapp\",\"mode\":488,"
        + "\"user\":{\"name\":\"alice\"},\"group\":{\"name\":\"devs\"}}]}"));
    m.put("unit-enabled", cfg("3.0.0", "\"systemd\":{\"units\":[{\"name\":\"hello.service\",\"enabled\":true,\"contents\":\"" + unit + "\"}]}"));
    m.put("unit-disabled-wants", cfg("3.1.0", "\"systemd\":{\"units\":[{\"name\":\"old.service\",\"enabled\":false}]}"));
    m.put("unit-dropins-only", cfg("3.2.0", "\"systemd\":{\"units\":[{\"name\":\"chronyd.service\",\"dropins\":[{\"name\":\"50-opts.conf\","
        + "\"contents\":\"[Service]\\nEnvironment=A=1\\n\"}]}]}"));
    m.put("unit-mask", cfg("3.3.0", "\"systemd\":{\"units\":[{\"name\":\"docker.socket\",\"mask\":true}]}"));
    m.put("unit-full", cfg("3.2.0", "\"systemd\":{\"units\":[{\"name\":\"a.service\",\"enabled\":true,\"contents\":\"" + unit
        + "\",\"dropins\":[{\"name\":\"10-env.conf\",\"contents\":\"[Service]\\nEnvironment=B=2\\n\"}]},"
        + "{\"name\":\"bluetooth.service\",\"enabled\":false},{\"name\":\"b.timer\",\"enabled\":true,\"contents\":\"[Timer]\\n\"}]}"));
    m.put("unit-overwrite-existing", cfg("3.0.0", "\"systemd\":{\"units\":[{\"name\":\"old.service\",\"contents\":\"[Unit]\\n\"}]}"));
    m.put("mixed-3.0", cfg("3.0.0", "\"passwd\":{\"users\":[{\"name\":\"alice\",\"sshAuthorizedKeys\":[\"ssh-ed25519 AAAA a\"]}]},"
        + "\"storage\":{\"files\":[{\"path\":\"/etc/hostname\",\"overwrite\":true,\"contents\":{\"source\":\"data:,h\"}}],"
        + "\"directories\":[{\"path\":\"/var/lib/x\"}],\"links\":[{\"path\":\"/etc/l\",\"target\":\"hostname\"}]},"
        + "\"systemd\":{\"units\":[{\"name\":\"x.service\",\"enabled\":true,\"contents\":\"" + unit + "\"},{\"name\":\"y.service\",\"mask\":true}]}"));
    return m;
  }
}
