package dev.caisson.store.sign;

import dev.caisson.store.StoreException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * An Ed25519 key as OSTree writes them: a public key is base64 of its 32 raw bytes; a secret key is
 * base64 of 64 bytes, the 32-byte seed then the public key. Signatures are the 64 raw bytes of
 * RFC 8032 Ed25519 over the signed bytes. The JDK (17+) does the arithmetic.
 */
public final class Ed25519Key {
  // DER prefixes of the standard encodings that wrap the raw 32 bytes (RFC 8410)
  private static final byte[] X509_PREFIX = hex("302a300506032b6570032100");
  private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");

  private final byte[] publicRaw;
  private final PublicKey publicKey;
  private final Optional<PrivateKey> privateKey;
  private final byte[] seed;

  private Ed25519Key(byte[] publicRaw, byte[] seed) {
    this.publicRaw = publicRaw.clone();
    this.seed = seed == null ? null : seed.clone();
    try {
      KeyFactory f = KeyFactory.getInstance("Ed25519");
      this.publicKey = f.generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, publicRaw)));
      this.privateKey = seed == null ? Optional.empty()
          : Optional.of(f.generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed))));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot load an Ed25519 key: " + e.getMessage(), e);
    }
  }

  /** A new random key pair. */
  public static Ed25519Key generate() {
    try {
      var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] pub = tail(pair.getPublic().getEncoded());
      byte[] seed = tail(pair.getPrivate().getEncoded());
      return new Ed25519Key(pub, seed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A public key (base64 of 32 bytes), or the public half of a secret key (base64 of 64 bytes). */
  public static Ed25519Key parsePublic(String base64) throws StoreException {
    byte[] raw = decode(base64);
    if (raw.length == 32) {
      return new Ed25519Key(raw, null);
    }
    if (raw.length == 64) {
      return new Ed25519Key(Arrays.copyOfRange(raw, 32, 64), null);
    }
    throw new StoreException("an ed25519 public key is base64 of 32 bytes; this one has " + raw.length);
  }

  /** A secret key: base64 of 64 bytes (seed, then public key), as {@code ostree sign} takes it. */
  public static Ed25519Key parseSecret(String base64) throws StoreException {
    byte[] raw = decode(base64);
    if (raw.length != 64) {
      throw new StoreException("an ed25519 secret key is base64 of 64 bytes (seed and public key); this one has "
          + raw.length);
    }
    var key = new Ed25519Key(Arrays.copyOfRange(raw, 32, 64), Arrays.copyOfRange(raw, 0, 32));
    // a secret whose halves do not belong together would sign with a key nobody can verify
    if (!key.verify(new byte[] {1}, key.sign(new byte[] {1}))) {
      throw new StoreException("the ed25519 secret key's public half does not match its seed");
    }
    return key;
  }

  private static byte[] decode(String base64) throws StoreException {
    try {
      return Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new StoreException("an ed25519 key must be base64: " + e.getMessage());
    }
  }

  /** The public key in OSTree's text form. */
  public String publicBase64() {
    return Base64.getEncoder().encodeToString(publicRaw);
  }

  /** The secret key in OSTree's text form (seed then public key); only for keys that have one. */
  public String secretBase64() {
    if (seed == null) {
      throw new IllegalStateException("a public key has no secret");
    }
    return Base64.getEncoder().encodeToString(concat(seed, publicRaw));
  }

  public boolean canSign() {
    return privateKey.isPresent();
  }

  /** The 64-byte signature over {@code data}. */
  public byte[] sign(byte[] data) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(privateKey.orElseThrow(() -> new IllegalStateException("a public key cannot sign")));
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code signature} is this key's over {@code data}. */
  public boolean verify(byte[] data, byte[] signature) {
    if (signature.length != 64) {
      return false;
    }
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(publicKey);
      s.update(data);
      return s.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static byte[] tail(byte[] encoded) {
    return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] hex(String s) {
    return java.util.HexFormat.of().parseHex(s);
  }
}
