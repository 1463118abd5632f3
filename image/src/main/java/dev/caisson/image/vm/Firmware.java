package dev.caisson.image.vm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** OVMF: the read-only code and the variable store template each VM copies (FORMATS §6). */
public record Firmware(Path code, Path varsTemplate) {
  private static final List<String[]> CANDIDATES = List.of(
      new String[] {"OVMF_CODE_4M.fd", "OVMF_VARS_4M.fd"},
      new String[] {"OVMF_CODE.fd", "OVMF_VARS.fd"});

  /** The first OVMF pair found under {@code dir} (Debian's ovmf package: /usr/share/OVMF). */
  public static Optional<Firmware> find(Path dir) {
    for (String[] c : CANDIDATES) {
      Path code = dir.resolve(c[0]);
      Path vars = dir.resolve(c[1]);
      if (Files.isRegularFile(code) && Files.isRegularFile(vars)) {
        return Optional.of(new Firmware(code, vars));
      }
    }
    return Optional.empty();
  }
}
