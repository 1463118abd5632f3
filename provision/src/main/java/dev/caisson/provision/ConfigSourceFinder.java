package dev.caisson.provision;

import dev.caisson.config.SourceText;
import dev.caisson.config.butane.ButaneTranslator;
import dev.caisson.config.ignition.IgnitionJson;
import dev.caisson.provision.fetch.Fetcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Finds the user config: the named source, else QEMU fw_cfg, else {@code ignition.config.url=}. */
final class ConfigSourceFinder {
  static final String FW_CFG_NAME = "opt/com.coreos/config";

  /** The config's bytes (Butane is transpiled first) and its name for messages. */
  record Found(byte[] bytes, String name) {}

  Found find(ProvisionRequest req, Fetcher fetcher) throws ProvisionException {
    Found f = raw(req, fetcher);
    return new Found(butaneToIgnition(f.bytes(), f.name()), f.name());
  }

  private Found raw(ProvisionRequest req, Fetcher fetcher) throws ProvisionException {
    if (req.config().isPresent()) {
      String src = req.config().get();
      if (src.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !Files.exists(Path.of(src))) {
        return new Found(fetcher.fetch(src, "", "", List.of(), "config " + src), src);
      }
      return new Found(read(Path.of(src)), src);
    }
    Path fw = req.fwCfgDir().resolve(FW_CFG_NAME).resolve("raw");
    if (Files.isRegularFile(fw)) {
      return new Found(read(fw), "fw_cfg " + FW_CFG_NAME);
    }
    Optional<String> url = cmdlineUrl(req.cmdline());
    if (url.isPresent()) {
      return new Found(fetcher.fetch(url.get(), "", "", List.of(), "ignition.config.url"), url.get());
    }
    throw new ProvisionException("no config: give --config, or provide one through QEMU fw_cfg (" + FW_CFG_NAME
        + ") or ignition.config.url= on the kernel command line (" + req.cmdline() + ")");
  }

  static Optional<String> cmdlineUrl(Path cmdline) throws ProvisionException {
    if (!Files.isRegularFile(cmdline)) {
      return Optional.empty();
    }
    for (String arg : new String(read(cmdline), StandardCharsets.UTF_8).trim().split("\\s+")) {
      if (arg.startsWith("ignition.config.url=")) {
        return Optional.of(arg.substring("ignition.config.url=".length()));
      }
    }
    return Optional.empty();
  }

  private static byte[] read(Path p) throws ProvisionException {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new ProvisionException("cannot read config " + p + ": " + e.getMessage(), e);
    }
  }

  private static byte[] butaneToIgnition(byte[] bytes, String name) throws ProvisionException {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.stripLeading().startsWith("{") || text.isBlank()) {
      return bytes;
    }
    var r = new ButaneTranslator().translate(new SourceText(name, text), ButaneTranslator.Options.defaults());
    if (r.config().isEmpty()) {
      var sb = new StringBuilder(name + ": invalid Butane config");
      r.report().problems().stream().filter(p -> p.severity() == dev.caisson.config.Severity.ERROR)
          .forEach(p -> sb.append("\n  line ").append(p.line()).append(": ").append(p.message()));
      throw new ProvisionException(sb.toString());
    }
    return new IgnitionJson().write(r.config().get(), false).getBytes(StandardCharsets.UTF_8);
  }
}
