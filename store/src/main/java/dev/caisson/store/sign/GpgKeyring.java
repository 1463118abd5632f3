package dev.caisson.store.sign;

import dev.caisson.store.StoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.bc.BcPGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * OpenPGP public keys a remote trusts (a keyring file, binary or ASCII-armored, as
 * {@code ostree remote gpg-import} keeps them in {@code REPO/REMOTE.trustedkeys.gpg}), and the check of
 * {@code ostree.gpgsigs}: binary detached signatures over the signed file's bytes. Revoked and
 * expired keys are refused.
 */
public final class GpgKeyring {
  private final List<PGPPublicKeyRing> rings;

  private GpgKeyring(List<PGPPublicKeyRing> rings) {
    this.rings = rings;
  }

  /** Reads keyrings; a file that is not an OpenPGP keyring is an error. */
  public static GpgKeyring load(List<Path> files) throws IOException {
    var rings = new ArrayList<PGPPublicKeyRing>();
    for (Path f : files) {
      int before = rings.size();
      byte[] bytes = Files.readAllBytes(f);
      try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))) {
        new BcPGPPublicKeyRingCollection(in).getKeyRings().forEachRemaining(rings::add);
      } catch (IOException | PGPException | RuntimeException e) {
        throw new StoreException(f + " is not an OpenPGP keyring: " + e.getMessage());
      }
      if (rings.size() == before) {
        throw new StoreException(f + " is not an OpenPGP keyring: it holds no public key");
      }
    }
    return new GpgKeyring(rings);
  }

  public boolean isEmpty() {
    return rings.isEmpty();
  }

  /** The fingerprint (hex) of a trusted key that made a valid signature in {@code signatures} over {@code data}. */
  public Optional<String> verify(byte[] data, List<byte[]> signatures) {
    for (byte[] packet : signatures) {
      for (PGPSignature sig : parse(packet)) {
        PGPPublicKey key = find(sig.getKeyID());
        if (key == null || key.hasRevocation() || expired(key, sig)) {
          continue;
        }
        try {
          sig.init(new BcPGPContentVerifierBuilderProvider(), key);
          sig.update(data);
          if (sig.verify()) {
            return Optional.of(HexFormat.of().withUpperCase().formatHex(key.getFingerprint()));
          }
        } catch (PGPException | RuntimeException e) {
          // a malformed or unsupported signature verifies nothing
        }
      }
    }
    return Optional.empty();
  }

  private static boolean expired(PGPPublicKey key, PGPSignature sig) {
    long seconds = key.getValidSeconds();
    return seconds > 0 && sig.getCreationTime().getTime() / 1000 > key.getCreationTime().getTime() / 1000 + seconds;
  }

  private PGPPublicKey find(long keyId) {
    for (PGPPublicKeyRing ring : rings) {
      PGPPublicKey k = ring.getPublicKey(keyId);
      if (k != null) {
        return k;
      }
    }
    return null;
  }

  private static List<PGPSignature> parse(byte[] packet) {
    var out = new ArrayList<PGPSignature>();
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(packet))) {
      var factory = new BcPGPObjectFactory(in);
      for (Object o = factory.nextObject(); o != null; o = factory.nextObject()) {
        if (o instanceof PGPSignatureList list) {
          list.forEach(out::add);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not a signature packet: nothing to check
    }
    return out;
  }
}
