package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archive objects at our zlib level, and incompressible files as stored deflate blocks: same commit
 * as ostree's, and ostree reads them (fsck, checkout) back to the same bytes.
 */
class FilezLevelTest {
  @TempDir Path tmp;

  @Test
  void ostreeReadsOurArchiveObjectsWhateverTheirDeflateLevel() throws Exception {
    Path tree = Files.createDirectories(tmp.resolve("tree"));
    var random = new Random(5);
    byte[] noise = new byte[300 << 10];
    random.nextBytes(noise);
    Files.write(tree.resolve("noise.bin"), noise);
    byte[] bigNoise = new byte[9 << 20]; // above the in-memory limit: written from the file
    random.nextBytes(bigNoise);
    Files.write(tree.resolve("big-noise.bin"), bigNoise);
    var text = new StringBuilder();
    for (int i = 0; text.length() < 300 << 10; i++) {
      text.append("line ").append(i % 97).append(" of a text that compresses well\n");
    }
    Files.writeString(tree.resolve("text.txt"), text);
    Files.writeString(tree.resolve("small"), "small");

    Repo repo = Repo.init(tmp.resolve("ours"), RepoMode.ARCHIVE);
    var o = new CommitWriter.Options(Optional.of("m"), "", "", Optional.empty(), Optional.of(1704067200L), List.of(),
        true, Optional.empty(), Optional.empty(), false);
    String ours = new CommitWriter(repo, StoreListener.SILENT).commit(tree, o).name();

    Ostree.run("init", "--repo=" + tmp.resolve("theirs"), "--mode=archive");
    String theirs = Ostree.repo(tmp.resolve("theirs"), "commit", "--tree=dir=" + tree, "-b", "m",
        "--timestamp=2024-01-01T00:00:00Z").strip();
    assertThat(ours).isEqualTo(theirs);
    assertThat(Ostree.repo(repo.path(), "fsck")).contains("no errors found");
    Ostree.repo(repo.path(), "checkout", "-U", "m", tmp.resolve("co").toString());
    for (String f : List.of("noise.bin", "big-noise.bin", "text.txt", "small")) {
      assertThat(Files.mismatch(tmp.resolve("co").resolve(f), tree.resolve(f))).as(f).isEqualTo(-1L);
    }

    Commit.Tree root = Commit.tree(repo, Commit.read(repo, ObjectId.fromString(ours)).rootTree());
    long noiseObject = Files.size(repo.objectPath(root.files().get("noise.bin"), ObjectType.FILE));
    long textObject = Files.size(repo.objectPath(root.files().get("text.txt"), ObjectType.FILE));
    long bigObject = Files.size(repo.objectPath(root.files().get("big-noise.bin"), ObjectType.FILE));
    // stored blocks: the bytes, 5 bytes of framing per block and the header
    assertThat(noiseObject).isBetween((long) noise.length, noise.length + 1024L);
    assertThat(bigObject).isBetween((long) bigNoise.length, bigNoise.length + 4096L);
    assertThat(textObject).isLessThan(text.length() / 10);
  }

  @Test
  void entropyOfTheProbeIsInBitsPerByte() {
    byte[] same = new byte[65536];
    assertThat(Content.entropy(same, 0, same.length)).isEqualTo(0.0);
    byte[] all = new byte[65536];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    assertThat(Content.entropy(all, 0, all.length)).isCloseTo(8.0, org.assertj.core.data.Offset.offset(1e-9));
    byte[] two = "abababab".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(Content.entropy(two, 2, 4)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    byte[] noise = new byte[65536];
    new Random(1).nextBytes(noise);
    assertThat(Content.entropy(noise, 0, noise.length)).isGreaterThan(Content.STORED_ENTROPY);
    byte[] text = "a line of text that compresses well, as most of an OS tree does\n".repeat(1100)
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(Content.entropy(text, 0, 65536)).isLessThan(Content.STORED_ENTROPY);
  }
}
