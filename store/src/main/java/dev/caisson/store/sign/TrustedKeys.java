package dev.caisson.store.sign;

import dev.caisson.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Ed25519 keys a remote trusts, from its config keys as ostree names them:
 * {@code verification-ed25519-key} (one base64 public key) and {@code verification-ed25519-file}
 * (a file of base64 keys, one per line).
 */
public final class TrustedKeys {
  private TrustedKeys() {}

  /** The keys; fails when verification is on and no key is configured. */
  public static List<Ed25519Key> of(String remote, Map<String, String> config) throws IOException {
    var keys = new ArrayList<Ed25519Key>();
    String inline = config.get("verification-ed25519-key");
    if (inline != null && !inline.isBlank()) {
      keys.add(Ed25519Key.parsePublic(inline));
    }
    String file = config.get("verification-ed25519-file");
    if (file != null && !file.isBlank()) {
      for (String line : keyLines(Path.of(file))) {
        keys.add(Ed25519Key.parsePublic(line));
      }
    }
    if (keys.isEmpty()) {
      throw new StoreException("remote '" + remote + "' verifies signatures but has no key: set "
          + "verification-ed25519-key=BASE64 or verification-ed25519-file=PATH");
    }
    return keys;
  }

  /** The keys in a keys file: one base64 key per line; blank lines and {@code #} comments skipped. */
  public static List<String> keyLines(Path file) throws IOException {
    return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  /** Whether a boolean config value is on (ostree's key-file booleans). */
  public static boolean on(Map<String, String> config, String key) {
    String v = config.get(key);
    return v != null && (v.equalsIgnoreCase("true") || v.equals("1"));
  }
}
