package dev.caisson.store.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caisson.store.ObjectId;
import dev.caisson.store.ObjectType;
import dev.caisson.store.StoreException;
import java.io.DataInputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Caisson's batched object fetch: the request's encoding, and what our server answers to it. */
class ObjectPackTest {
  @TempDir Path tmp;

  private static ObjectId id(int seed) {
    byte[] raw = new byte[32];
    java.util.Arrays.fill(raw, (byte) seed);
    raw[31] = (byte) (seed * 7);
    return ObjectId.fromRaw(raw);
  }

  @Test
  void requestsRoundTripAndMalformedOnesAreRefused() throws Exception {
    var wanted = List.of(ObjectPack.Wanted.file(id(1)), new ObjectPack.Wanted(id(2), ObjectType.DIR_TREE),
        new ObjectPack.Wanted(id(3), ObjectType.DIR_META), new ObjectPack.Wanted(id(4), ObjectType.COMMIT_META));
    byte[] body = ObjectPack.encode(wanted);
    assertThat(body).hasSize(4 * 33);
    assertThat(body[0]).isEqualTo((byte) 1);
    assertThat(body[33]).isEqualTo((byte) 2);
    assertThat(ObjectPack.decode(body)).isEqualTo(wanted);
    assertThat(wanted.get(0).path()).isEqualTo("objects/01/" + id(1).name().substring(2) + ".filez");
    assertThat(wanted.get(1).path()).endsWith(".dirtree");

    assertThatThrownBy(() -> ObjectPack.decode(new byte[0])).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> ObjectPack.decode(new byte[34])).hasMessageContaining("34 bytes");
    byte[] unknown = body.clone();
    unknown[33] = 9;
    assertThatThrownBy(() -> ObjectPack.decode(unknown)).hasMessageContaining("type 9");
    byte[] tombstone = body.clone();
    tombstone[0] = 5;
    assertThatThrownBy(() -> ObjectPack.decode(tombstone)).hasMessageContaining("tombstone");
    assertThatThrownBy(() -> ObjectPack.decode(new byte[(ObjectPack.MAX_OBJECTS + 1) * 33]))
        .isInstanceOf(StoreException.class);
    var tooMany = new ArrayList<ObjectPack.Wanted>();
    for (int i = 0; i <= ObjectPack.MAX_OBJECTS; i++) {
      tooMany.add(ObjectPack.Wanted.file(id(1)));
    }
    assertThatThrownBy(() -> ObjectPack.encode(tooMany)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theServerAnswersInOrderAndServesNothingMissingOrOutside() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "secret");
    var small = ObjectPack.Wanted.file(id(1));
    var tree = new ObjectPack.Wanted(id(2), ObjectType.DIR_TREE);
    var big = ObjectPack.Wanted.file(id(3)); // bigger than the server's 256 KiB buffer
    var gone = ObjectPack.Wanted.file(id(4));
    var linked = ObjectPack.Wanted.file(id(5)); // a symlink out of the repository
    var empty = new ObjectPack.Wanted(id(6), ObjectType.DIR_META);
    byte[] bigBytes = new byte[700_000];
    new java.util.Random(5).nextBytes(bigBytes);
    for (var w : List.of(small, tree, big, linked, empty)) {
      Files.createDirectories(repo.resolve(w.path()).getParent());
    }
    Files.writeString(repo.resolve(small.path()), "small object");
    Files.writeString(repo.resolve(tree.path()), "tree");
    Files.write(repo.resolve(big.path()), bigBytes);
    Files.createSymbolicLink(repo.resolve(linked.path()), outside.resolve("secret"));
    Files.write(repo.resolve(empty.path()), new byte[0]);

    try (var server = new RepoServer(repo, new InetSocketAddress("127.0.0.1", 0)); var http = new Http11(server.uri())) {
      var asked = List.of(small, gone, big, tree, linked, empty, small);
      try (Http11.Streamed r = http.post(server.uri().resolve(ObjectPack.PATH), ObjectPack.CONTENT_TYPE,
          ObjectPack.encode(asked))) {
        assertThat(r.status()).isEqualTo(200);
        var in = new DataInputStream(r.body());
        List<String> got = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
          long n = in.readLong();
          got.add(n < 0 ? null : new String(in.readNBytes((int) n), StandardCharsets.ISO_8859_1));
        }
        assertThat(r.body().read()).isEqualTo(-1);
        assertThat(got).containsExactly("small object", null, new String(bigBytes, StandardCharsets.ISO_8859_1), "tree",
            null, "", "small object");
      }
      // the connection was kept alive and goes on serving
      assertThat(http.get(server.uri().resolve(small.path())).body()).isEqualTo("small object".getBytes(
          StandardCharsets.ISO_8859_1));
      // a malformed request is a 400 that says why; the endpoint is not a file
      try (Http11.Streamed r = http.post(server.uri().resolve(ObjectPack.PATH), ObjectPack.CONTENT_TYPE, new byte[40])) {
        assertThat(r.status()).isEqualTo(400);
        assertThat(new String(r.body().readAllBytes(), StandardCharsets.UTF_8)).contains("40 bytes");
      }
      assertThat(http.get(server.uri().resolve(ObjectPack.PATH)).status()).isEqualTo(404);
      // a POST anywhere else is not allowed
      try (Http11.Streamed r = http.post(server.uri().resolve("config"), ObjectPack.CONTENT_TYPE,
          ObjectPack.encode(List.of(small)))) {
        assertThat(r.status()).isEqualTo(405);
      }
    }
  }

  @Test
  void aPlanPromisesTheExactLength() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    var a = ObjectPack.Wanted.file(id(1));
    Files.createDirectories(repo.resolve(a.path()).getParent());
    Files.writeString(repo.resolve(a.path()), "abc");
    var plan = ObjectPack.plan(new RepoFiles(repo), List.of(a, ObjectPack.Wanted.file(id(2))));
    assertThat(plan.length()).isEqualTo(8 + 3 + 8);
    var out = new java.io.ByteArrayOutputStream();
    ObjectPack.write(plan, out, new byte[9]); // room for a length and one byte: the object goes in pieces
    ByteBuffer b = ByteBuffer.wrap(out.toByteArray());
    assertThat(b.remaining()).isEqualTo(19);
    assertThat(b.getLong()).isEqualTo(3);
    assertThat((char) b.get()).isEqualTo('a');
    b.position(11);
    assertThat(b.getLong()).isEqualTo(-1);
    // a file that shrank after the plan breaks the promise: the write fails rather than send short
    Files.writeString(repo.resolve(a.path()), "a");
    assertThatThrownBy(() -> ObjectPack.write(plan, new java.io.ByteArrayOutputStream(), new byte[64]))
        .hasMessageContaining("shrank");
  }
}
