package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.store.gvariant.GVariant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The headers written directly for files without xattrs are the serializer's, byte for byte. */
class FileMetaTest {
  private static byte[] serializedHeader(FileMeta m) {
    return GVariant.serialize("(uuuusa(ayay))", List.of(GVariant.be32(m.uid()), GVariant.be32(m.gid()),
        GVariant.be32(m.mode()), 0, m.symlinkTarget(), m.xattrValue()));
  }

  private static byte[] serializedDirMeta(FileMeta m) {
    return GVariant.serialize("(uuua(ayay))", List.of(GVariant.be32(m.uid()), GVariant.be32(m.gid()),
        GVariant.be32(m.mode()), m.xattrValue()));
  }

  @Test
  void directHeadersMatchTheSerializer() {
    var rnd = new Random(42);
    // target lengths around the 1- and 2-byte framing offset limits, and unicode
    int[] lengths = {0, 1, 200, 233, 234, 235, 236, 237, 238, 239, 240, 254, 255, 256, 1000, 4095, 65499, 65500,
        65515, 65516, 65517, 65518, 65519, 70000};
    for (int len : lengths) {
      String target = len == 0 ? "" : "é".repeat(len / 2) + "x".repeat(len % 2);
      int mode = (len == 0 ? FileMeta.S_IFREG | 0644 : FileMeta.S_IFLNK | 0777);
      var m = new FileMeta(rnd.nextInt(70000), rnd.nextInt(70000), mode, target, List.of());
      assertThat(m.fileHeader()).as("target of %d bytes", target.getBytes(java.nio.charset.StandardCharsets.UTF_8)
          .length).isEqualTo(serializedHeader(m));
      assertThat(m.dirMeta()).isEqualTo(serializedDirMeta(m));
    }
    for (int i = 0; i < 500; i++) {
      int mode = (i % 3 == 0 ? FileMeta.S_IFDIR : FileMeta.S_IFREG) | rnd.nextInt(010000);
      var m = new FileMeta(rnd.nextInt(), rnd.nextInt(), mode, "", List.of());
      assertThat(m.fileHeader()).isEqualTo(serializedHeader(m));
      assertThat(m.dirMeta()).isEqualTo(serializedDirMeta(m));
    }
    // with xattrs, the serializer itself
    var x = new FileMeta(0, 0, FileMeta.S_IFREG | 0644, "", List.of(new FileMeta.Xattr("user.a", new byte[] {1, 2})));
    assertThat(x.fileHeader()).isEqualTo(serializedHeader(x));
    assertThat(x.dirMeta()).isEqualTo(serializedDirMeta(x));
  }

  /** A .filez header as ostree writes it: the content size, then the file header's fields. */
  private static byte[] filezHeader(long size, FileMeta m) {
    return GVariant.serialize("(tuuuusa(ayay))", List.of(GVariant.be64(size), GVariant.be32(m.uid()),
        GVariant.be32(m.gid()), GVariant.be32(m.mode()), 0, m.symlinkTarget(), m.xattrValue()));
  }

  @Test
  void filezHeadersReadDirectlyMatchTheParser() throws Exception {
    var rnd = new Random(7);
    ObjectId id = ObjectId.fromRaw(new byte[32]);
    var metas = new java.util.ArrayList<FileMeta>();
    for (int i = 0; i < 300; i++) { // the direct case: regular files without xattrs
      metas.add(new FileMeta(rnd.nextInt(), rnd.nextInt(), FileMeta.S_IFREG | rnd.nextInt(010000), "", List.of()));
    }
    metas.add(new FileMeta(0, 0, FileMeta.S_IFLNK | 0777, "usr/lib", List.of())); // and the parser's
    metas.add(new FileMeta(5, 6, FileMeta.S_IFREG | 0600, "", List.of(new FileMeta.Xattr("user.k", new byte[] {9}))));
    for (FileMeta m : metas) {
      long size = m.isSymlink() ? 0 : rnd.nextLong() >>> 20;
      byte[] h = filezHeader(size, m);
      byte[] framed = new byte[h.length + 11]; // at an offset inside a larger buffer, as a pack holds it
      System.arraycopy(h, 0, framed, 5, h.length);
      Content.FilezHeader got = Content.filezHeader(id, framed, 5, h.length);
      assertThat(got.size()).isEqualTo(size);
      assertThat(got.meta()).isEqualTo(m);
    }
    assertThat(filezHeader(1, metas.get(0))).hasSize(26); // the length the direct case expects
  }
}
