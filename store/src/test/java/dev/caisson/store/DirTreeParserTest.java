package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caisson.store.gvariant.GVariant;
import dev.caisson.store.gvariant.GVariantException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The dirtree fast path against the generic GVariant reader, on well-formed and damaged bytes. */
class DirTreeParserTest {
  private static final String DIRTREE = "(a(say)a(sayay))";

  @Test
  void readsWhatTheGenericReaderReadsAtEveryOffsetWidth() {
    var random = new Random(7);
    // entry counts chosen so the containers need 1-, 2- and 4-byte framing offsets
    for (int n : new int[] {0, 1, 2, 5, 40, 600, 3000}) {
      byte[] bytes = GVariant.serialize(DIRTREE, value(random, n, n / 3 + 1));
      Commit.Tree fast = DirTreeParser.parse(bytes);
      assertThat(fast).as("%d entries", n).isEqualTo(generic(bytes));
      assertThat(fast.files()).hasSize(n);
    }
  }

  @Test
  void namesKeepTheirUnicode() {
    List<Object> files = List.of(List.of("caf\u00e9-\u65e5\u672c-\ud83d\ude00", new byte[32]));
    byte[] bytes = GVariant.serialize(DIRTREE, List.of(files, List.of()));
    assertThat(DirTreeParser.parse(bytes).files()).containsOnlyKeys("caf\u00e9-\u65e5\u672c-\ud83d\ude00");
  }

  @Test
  void damagedBytesFailAsFramingErrorsNeverAsStrayIndexes() {
    var random = new Random(11);
    byte[] good = GVariant.serialize(DIRTREE, value(random, 12, 4));
    int failures = 0;
    for (int round = 0; round < 3000; round++) {
      byte[] bad = good.clone();
      if (round % 3 == 0) {
        bad = java.util.Arrays.copyOf(good, random.nextInt(good.length));
      } else {
        for (int k = 0; k <= round % 4; k++) {
          bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
        }
      }
      try {
        Commit.Tree fast = DirTreeParser.parse(bad);
        // whatever it accepts, the generic reader reads the same way
        assertThat(fast).isEqualTo(generic(bad));
      } catch (GVariantException e) {
        failures++;
      }
    }
    assertThat(failures).isGreaterThan(500);
    assertThatThrownBy(() -> DirTreeParser.parse(new byte[0])).isInstanceOf(GVariantException.class);
  }

  private static List<Object> value(Random random, int files, int dirs) {
    var f = new ArrayList<Object>();
    for (int i = 0; i < files; i++) {
      f.add(List.of("file-" + i + "-" + Long.toString(random.nextLong(), 36), bytes(random)));
    }
    var d = new ArrayList<Object>();
    for (int i = 0; i < dirs; i++) {
      d.add(List.of("dir-" + i, bytes(random), bytes(random)));
    }
    return List.of(f, d);
  }

  private static byte[] bytes(Random random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return b;
  }

  @SuppressWarnings("unchecked")
  private static Commit.Tree generic(byte[] bytes) {
    List<Object> v = (List<Object>) GVariant.parse(DIRTREE, bytes);
    Map<String, ObjectId> files = new LinkedHashMap<>();
    for (Object o : (List<Object>) v.get(0)) {
      List<Object> e = (List<Object>) o;
      files.put((String) e.get(0), ObjectId.fromRaw((byte[]) e.get(1)));
    }
    Map<String, Commit.Dir> dirs = new LinkedHashMap<>();
    for (Object o : (List<Object>) v.get(1)) {
      List<Object> e = (List<Object>) o;
      dirs.put((String) e.get(0), new Commit.Dir(ObjectId.fromRaw((byte[]) e.get(1)), ObjectId.fromRaw((byte[]) e.get(2))));
    }
    return new Commit.Tree(files, dirs);
  }
}
