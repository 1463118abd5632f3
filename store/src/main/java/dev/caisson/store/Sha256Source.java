package dev.caisson.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the store's SHA-256 digests come from. NSS's softoken (Debian's libnss3), through the JDK's
 * own PKCS#11 provider, hashes with the CPU's SHA instructions in any JIT tier; the JDK's provider
 * only does once C2 has compiled it, and C2 plus the profiling tier it needs cost a cold commit of
 * minbase a fifth of its CPU (docs/store.md). NSS is taken when its libraries are found and it
 * answers a known-answer test; otherwise, or when asked ({@value #PROPERTY}{@code =jdk}), the JDK's.
 */
final class Sha256Source {
  /** System property (or environment variable {@code CAISSON_SHA256}): {@code auto}, {@code nss}, {@code jdk}. */
  static final String PROPERTY = "caisson.sha256";

  /** Where Debian and other distributions keep libnss3 and libsoftokn3 (bin/caisson looks in the same places). */
  static final List<Path> NSS_DIRS = List.of(Path.of("/usr/lib/x86_64-linux-gnu"), Path.of("/usr/lib/aarch64-linux-gnu"),
      Path.of("/usr/lib64"), Path.of("/usr/lib"));

  private static final byte[] ABC_SHA256 =
      HexFormat.of().parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

  /** A digest to clone and the provider it comes from. */
  record Choice(MessageDigest prototype, String provider) {}

  private Sha256Source() {}

  /** The choice the property (or environment variable) asks for; {@code auto} when neither is set. */
  static Choice fromEnvironment() {
    String asked = System.getProperty(PROPERTY, System.getenv("CAISSON_SHA256"));
    return choose(asked == null || asked.isBlank() ? "auto" : asked.trim(), Sha256Source::nss);
  }

  /**
   * {@code jdk}: the JDK's provider; {@code nss}: NSS, failing when it cannot be loaded; {@code auto}:
   * NSS when it loads, the JDK's provider otherwise.
   */
  static Choice choose(String asked, Supplier<Optional<Provider>> nss) {
    switch (asked) {
      case "jdk":
        return jdk();
      case "nss":
        return nss.get().map(Sha256Source::of).orElseThrow(() -> new IllegalStateException(PROPERTY
            + "=nss, but NSS's libnss3.so and libsoftokn3.so were not found or failed to load in " + NSS_DIRS
            + " (install libnss3)"));
      case "auto":
        return nss.get().map(Sha256Source::of).orElseGet(Sha256Source::jdk);
      default:
        throw new IllegalArgumentException(PROPERTY + " is '" + asked + "': use auto, nss or jdk");
    }
  }

  private static Choice jdk() {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      return new Choice(d, d.getProvider().getName());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }

  private static Choice of(Provider p) {
    try {
      return new Choice(MessageDigest.getInstance("SHA-256", p), p.getName());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(p.getName() + " lost its SHA-256", e);
    }
  }

  /**
   * NSS's provider for this process, loaded on first use; empty when it cannot be. NSS is a
   * process-wide library that the JDK lets one provider configure, once: hence a holder.
   */
  static Optional<Provider> nss() {
    return Nss.PROVIDER;
  }

  private static final class Nss {
    private static final Optional<Provider> PROVIDER = load(NSS_DIRS);
  }

  /** NSS through SunPKCS11, without a key database; empty when anything on the way fails. */
  private static Optional<Provider> load(List<Path> dirs) {
    Optional<Path> dir = dirs.stream()
        .filter(d -> Files.isRegularFile(d.resolve("libnss3.so")) && Files.isRegularFile(d.resolve("libsoftokn3.so")))
        .findFirst();
    Provider base = Security.getProvider("SunPKCS11"); // null in a runtime linked without jdk.crypto.cryptoki
    if (dir.isEmpty() || base == null) {
      return Optional.empty();
    }
    try {
      Provider p = base.configure("--name=caisson-nss\nnssLibraryDirectory=" + dir.get()
          + "\nnssDbMode=noDb\nnssModule=crypto\n");
      MessageDigest d = MessageDigest.getInstance("SHA-256", p);
      if (!MessageDigest.isEqual(d.digest("abc".getBytes(StandardCharsets.US_ASCII)), ABC_SHA256)) {
        return Optional.empty();
      }
      return Optional.of(p);
    } catch (RuntimeException | NoSuchAlgorithmException | LinkageError e) {
      // ProviderException, InvalidParameterException, an unloadable library: the JDK's digest will do
      return Optional.empty();
    }
  }
}
