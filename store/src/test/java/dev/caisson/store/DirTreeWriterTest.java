package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.store.gvariant.GVariant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The direct dirtree writer writes what the GVariant serializer writes, across every offset width. */
class DirTreeWriterTest {
  private static byte[] checksum(Random rnd) {
    byte[] b = new byte[32];
    rnd.nextBytes(b);
    return b;
  }

  private static void check(Random rnd, int files, int dirs, int nameLength) throws StoreException {
    var writer = new DirTreeWriter();
    var fileValues = new ArrayList<Object>();
    var dirValues = new ArrayList<Object>();
    for (int i = 0; i < files; i++) {
      String name = String.format("f%05d", i) + "é".repeat(rnd.nextInt(nameLength + 1));
      byte[] id = checksum(rnd);
      writer.file(name.getBytes(StandardCharsets.UTF_8), id);
      fileValues.add(List.of(name, id));
    }
    for (int i = 0; i < dirs; i++) {
      String name = String.format("d%05d", i) + "x".repeat(rnd.nextInt(nameLength + 1));
      byte[] tree = checksum(rnd);
      byte[] meta = checksum(rnd);
      writer.dir(name.getBytes(StandardCharsets.UTF_8), tree, meta);
      dirValues.add(List.of(name, tree, meta));
    }
    byte[] expected = GVariant.serialize("(a(say)a(sayay))", List.of(fileValues, dirValues));
    assertThat(writer.toBytes()).as("%d files, %d dirs, names up to %d", files, dirs, nameLength)
        .isEqualTo(expected);
    // and it parses back to the same entries
    Commit.Tree t = Commit.parseTree(ObjectId.fromRaw(Repo.sha256(expected)), writer.toBytes());
    assertThat(t.files()).hasSize(files);
    assertThat(t.dirs()).hasSize(dirs);
  }

  @Test
  void matchesTheSerializer() throws StoreException {
    var rnd = new Random(11);
    assertThat(new DirTreeWriter().toBytes()).containsExactly(0); // the empty dirtree: one byte
    int[][] shapes = {{1, 0}, {0, 1}, {1, 1}, {3, 2}, {4, 0}, {0, 3}, {5, 3}, {30, 10}, {200, 50}, {1500, 0},
        {3000, 20}, {0, 1200}};
    for (int[] s : shapes) {
      for (int nameLength : new int[] {0, 3, 100, 230}) {
        check(rnd, s[0], s[1], nameLength);
      }
    }
    for (int i = 0; i < 200; i++) { // sizes around the 1-byte offset limits of entries and arrays
      check(rnd, rnd.nextInt(6), rnd.nextInt(4), rnd.nextInt(240));
    }
  }
}
