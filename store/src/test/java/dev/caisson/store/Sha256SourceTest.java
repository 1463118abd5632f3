package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** NSS's SHA-256 (what the CLI's hashing verbs use) against the JDK's, and how the provider is chosen. */
class Sha256SourceTest {
  private static final int[] LENGTHS = {0, 1, 31, 55, 56, 63, 64, 65, 95, 96, 97, 127, 128, 1000, 4096, 65_535,
      65_536, 65_537, 1 << 20, (1 << 20) + 3};

  /** CI installs libnss3: a machine without it fails here rather than quietly hashing with the JDK. */
  @Test
  void nssLoadsWhereTheLibraryIs() {
    var nss = Sha256Source.choose("nss", Sha256Source::nss);
    assertThat(nss.provider()).isEqualTo("SunPKCS11-caisson-nss");
    assertThat(Sha256Source.choose("auto", Sha256Source::nss).provider()).isEqualTo("SunPKCS11-caisson-nss");
    assertThat(Sha256Source.choose("jdk", Sha256Source::nss).provider()).isEqualTo("SUN");
    // the store's own digests (every test of this module hashes with NSS, as the CLI's commit does)
    assertThat(Repo.digestProvider()).isEqualTo("SunPKCS11-caisson-nss");
    assertThat(HexFormat.of().formatHex(Repo.sha256("abc".getBytes())))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void withoutNssAutoFallsBackAndNssFails() {
    assertThat(Sha256Source.choose("auto", Optional::empty).provider()).isEqualTo("SUN");
    assertThatThrownBy(() -> Sha256Source.choose("nss", Optional::empty))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("install libnss3");
    assertThatThrownBy(() -> Sha256Source.choose("openssl", Sha256Source::nss))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use auto, nss or jdk");
  }

  /** Every length around the block and buffer edges, in random pieces, from arrays, heap and direct buffers. */
  @Test
  void nssAgreesWithTheJdk() throws Exception {
    MessageDigest nss = Sha256Source.choose("nss", Sha256Source::nss).prototype();
    MessageDigest jdk = Sha256Source.choose("jdk", Sha256Source::nss).prototype();
    var random = new Random(7);
    for (int length : LENGTHS) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      byte[] expected = ((MessageDigest) jdk.clone()).digest(data);
      for (int way = 0; way < 3; way++) {
        var d = (MessageDigest) nss.clone();
        for (int at = 0; at < length; ) {
          int n = Math.min(length - at, 1 + random.nextInt(Math.max(1, length / 3 + 1)));
          switch (way) {
            case 0 -> d.update(data, at, n);
            case 1 -> d.update(ByteBuffer.wrap(data, at, n));
            default -> {
              ByteBuffer direct = ByteBuffer.allocateDirect(n);
              direct.put(data, at, n).flip();
              d.update(direct);
              assertThat(direct.hasRemaining()).isFalse();
            }
          }
          at += n;
        }
        assertThat(d.digest()).as("length %d, way %d", length, way).isEqualTo(expected);
      }
    }
  }

  /** Clones of one prototype on several threads at once (a commit's workers) give each its own digest. */
  @Test
  void clonesHashOnSeveralThreads() throws Exception {
    MessageDigest nss = Sha256Source.choose("nss", Sha256Source::nss).prototype();
    MessageDigest jdk = Sha256Source.choose("jdk", Sha256Source::nss).prototype();
    var pool = Executors.newFixedThreadPool(4);
    try {
      var jobs = new ArrayList<Callable<Boolean>>();
      for (int t = 0; t < 8; t++) {
        int seed = t;
        jobs.add(() -> {
          var random = new Random(seed);
          for (int i = 0; i < 300; i++) {
            byte[] data = new byte[random.nextInt(20_000)];
            random.nextBytes(data);
            if (!MessageDigest.isEqual(((MessageDigest) nss.clone()).digest(data), ((MessageDigest) jdk.clone()).digest(data))) {
              return false;
            }
          }
          return true;
        });
      }
      for (var f : pool.invokeAll(jobs)) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
