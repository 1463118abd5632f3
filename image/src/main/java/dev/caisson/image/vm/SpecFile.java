package dev.caisson.image.vm;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** A {@link VmSpec} stored in the VM's state directory, so that the supervisor and the other verbs can read it. */
public final class SpecFile {
  private SpecFile() {}

  public static void write(VmSpec s, Path file, List<String> extraKargs) throws IOException {
    var p = new Properties();
    p.setProperty("name", s.name());
    p.setProperty("disk", s.disk().toAbsolutePath().toString());
    s.config().ifPresent(c -> p.setProperty("config", c.toAbsolutePath().toString()));
    p.setProperty("forwards", String.join(",", s.forwards().stream().map(Forward::toString).toList()));
    p.setProperty("memory", String.valueOf(s.memoryMiB()));
    p.setProperty("cpus", String.valueOf(s.cpus()));
    p.setProperty("boot", s.boot().name());
    p.setProperty("ssh", String.valueOf(s.sshPort()));
    p.setProperty("kargs", String.join(" ", extraKargs));
    var w = new StringWriter();
    p.store(w, "caisson vm");
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, w.toString());
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  public static VmSpec read(Path file) throws IOException {
    var p = new Properties();
    p.load(new StringReader(Files.readString(file)));
    var forwards = new ArrayList<Forward>();
    for (String f : p.getProperty("forwards", "").split(",")) {
      if (!f.isBlank()) {
        forwards.add(Forward.parse(f));
      }
    }
    return new VmSpec(p.getProperty("name"), Path.of(p.getProperty("disk")),
        Optional.ofNullable(p.getProperty("config")).map(Path::of), forwards,
        Integer.parseInt(p.getProperty("memory")), Integer.parseInt(p.getProperty("cpus", "2")),
        BootMode.valueOf(p.getProperty("boot")), Integer.parseInt(p.getProperty("ssh")));
  }

  public static List<String> kargs(Path file) throws IOException {
    var p = new Properties();
    p.load(new StringReader(Files.readString(file)));
    String k = p.getProperty("kargs", "").trim();
    return k.isEmpty() ? List.of() : List.of(k.split(" "));
  }
}
