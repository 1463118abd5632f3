package dev.caisson.deploy.esp;

import dev.caisson.deploy.BootConfigWriter;
import dev.caisson.deploy.EspDirectory;
import dev.caisson.deploy.SysrootLayout;
import dev.caisson.deploy.boot.BlsEntry;
import dev.caisson.deploy.boot.BootCounter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes an ESP equal to the sysroot's live boot configuration without writing a new one: for
 * {@code cleanup} (kernels no longer used leave the ESP too) and to repair an ESP that an
 * interrupted sync left behind. An entry the ESP already has keeps the ESP's boot counter, since
 * systemd-boot counts there; an entry it lacks gets the sysroot's name ({@code +3} for a new one).
 */
public final class EspResync {
  private final SysrootLayout layout;

  public EspResync(SysrootLayout layout) {
    this.layout = layout;
  }

  public List<BootConfigWriter.Written> live(EspDirectory esp) throws IOException {
    Path dir = layout.entries(layout.bootversion());
    Map<String, String> onEsp = esp.entryFiles();
    var out = new ArrayList<BootConfigWriter.Written>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "ostree-*.conf")) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        String espName = onEsp.get(BootCounter.split(name).id());
        out.add(new BootConfigWriter.Written(espName != null ? espName : name, BlsEntry.parse(Files.readString(p))));
      }
    }
    return out;
  }

  public void sync(EspDirectory esp) throws IOException {
    esp.sync(live(esp), layout.boot());
  }
}
