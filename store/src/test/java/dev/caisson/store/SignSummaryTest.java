package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caisson.store.gvariant.GVariant;
import dev.caisson.store.sign.CommitSigning;
import dev.caisson.store.sign.Ed25519Key;
import dev.caisson.store.transport.Puller;
import dev.caisson.store.transport.RepoServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ed25519 commit and summary signatures, and the summary file, against the real ostree both ways. */
class SignSummaryTest {
  @TempDir Path tmp;

  private Path tree() throws Exception {
    Path t = Files.createDirectories(tmp.resolve("tree/usr/lib"));
    Files.writeString(t.resolve("os-release"), "NAME=Caisson\n");
    return tmp.resolve("tree");
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress("127.0.0.1", 0);
  }

  /** Runs openssl, the independent Ed25519 implementation here (Debian's ostree is built without ed25519). */
  private static String openssl(Path dir, String... args) throws Exception {
    var cmd = new java.util.ArrayList<String>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return p.exitValue() + " " + out;
  }

  @Test
  void commitSignaturesAreRfc8032OverTheCommitBytesInOstreesLayout() throws Exception {
    // a key made by openssl, turned into ostree's secret form: seed then public key, base64
    openssl(tmp, "genpkey", "-algorithm", "ed25519", "-outform", "DER", "-out", "k.der");
    openssl(tmp, "pkey", "-inform", "DER", "-in", "k.der", "-pubout", "-outform", "DER", "-out", "pub.der");
    openssl(tmp, "pkey", "-inform", "DER", "-in", "k.der", "-pubout", "-out", "pub.pem");
    byte[] priv = Files.readAllBytes(tmp.resolve("k.der"));
    byte[] pub = Files.readAllBytes(tmp.resolve("pub.der"));
    byte[] secret = new byte[64];
    System.arraycopy(priv, priv.length - 32, secret, 0, 32);
    System.arraycopy(pub, pub.length - 32, secret, 32, 32);
    Ed25519Key key = Ed25519Key.parseSecret(java.util.Base64.getEncoder().encodeToString(secret));
    Ed25519Key other = Ed25519Key.generate();

    Repo repo = Repo.init(tmp.resolve("r"), RepoMode.ARCHIVE);
    ObjectId c = new CommitWriter(repo, StoreListener.SILENT).commit(tree(), CommitWriter.Options.of("os"));
    var signing = new CommitSigning(repo);
    signing.sign(c, key);
    signing.sign(c, key); // one signature per key
    signing.sign(c, other);
    byte[] meta = Files.readAllBytes(repo.objectPath(c, ObjectType.COMMIT_META));
    var sigs = dev.caisson.store.sign.Signatures.parse(meta).ed25519();
    assertThat(sigs).hasSize(2);
    Files.write(tmp.resolve("sig"), sigs.get(0));
    Files.copy(repo.objectPath(c, ObjectType.COMMIT), tmp.resolve("commit"));
    assertThat(openssl(tmp, "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "commit",
        "-sigfile", "sig")).startsWith("0 ").contains("Signature Verified Successfully");
    // and a signature openssl makes over the commit verifies with ours
    openssl(tmp, "pkeyutl", "-sign", "-inkey", "k.der", "-keyform", "DER", "-rawin", "-in", "commit", "-out", "sig2");
    assertThat(key.verify(Files.readAllBytes(tmp.resolve("commit")), Files.readAllBytes(tmp.resolve("sig2")))).isTrue();

    assertThat(signing.verify(c, List.of(Ed25519Key.parsePublic(key.publicBase64())))).isPresent();
    signing.delete(c, key);
    assertThat(signing.verify(c, List.of(key))).isEmpty();
    assertThat(signing.verify(c, List.of(other))).isPresent();
    assertThatThrownBy(() -> Ed25519Key.parseSecret(key.publicBase64())).hasMessageContaining("64 bytes");
  }

  @Test
  void ourSummaryIsByteForByteOstreesAtTheSameTime() throws Exception {
    Path theirs = tmp.resolve("theirs");
    Ostree.run("init", "--repo=" + theirs, "--mode=archive");
    Ostree.repo(theirs, "commit", "-b", "b/one", "--add-metadata-string=version=1.2", "--tree=dir=" + tree());
    Ostree.repo(theirs, "commit", "-b", "a/two", "--timestamp=2024-01-01T00:00:00Z", "--tree=dir=" + tree());
    Ostree.repo(theirs, "commit", "-b", "a/three", "--tree=dir=" + tree());
    Ostree.repo(theirs, "summary", "-u");
    byte[] expected = Files.readAllBytes(theirs.resolve("summary"));
    Summary parsed = Summary.parse(expected);
    long when = GVariant.be64((Long) parsed.metadata().get("ostree.summary.last-modified").value());

    byte[] ours = Summary.of(Repo.open(theirs), Instant.ofEpochSecond(when)).bytes();
    assertThat(ours).isEqualTo(expected);
    assertThat(parsed.entries()).extracting(Summary.Entry::ref).containsExactly("a/three", "a/two", "b/one");
    assertThat(parsed.ref("b/one").orElseThrow().version()).contains("1.2");
  }

  @Test
  void pullsRefuseUnsignedAndWronglySignedCommitsAndSummaries() throws Exception {
    Ed25519Key key = Ed25519Key.generate();
    Ed25519Key stranger = Ed25519Key.generate();
    Repo served = Repo.init(tmp.resolve("served"), RepoMode.ARCHIVE);
    var writer = new CommitWriter(served, StoreListener.SILENT);
    ObjectId signed = writer.commit(tree(), CommitWriter.Options.of("signed"));
    Files.writeString(tmp.resolve("tree/usr/lib/extra"), "x");
    ObjectId unsigned = writer.commit(tree(), CommitWriter.Options.of("unsigned"));
    Files.writeString(tmp.resolve("tree/usr/lib/extra"), "y");
    ObjectId forged = writer.commit(tree(), CommitWriter.Options.of("forged"));
    new CommitSigning(served).sign(signed, key);
    new CommitSigning(served).sign(forged, stranger);
    Summary.of(served, Instant.now()).write(served, List.of(key));

    var strict = new Puller.Verification(List.of(key), List.of(key));
    try (var server = new RepoServer(served.path(), loopback())) {
      Repo ours = Repo.init(tmp.resolve("ours"), RepoMode.BARE_USER);
      assertThat(new Puller(ours, server.uri(), StoreListener.SILENT, strict).pull("signed", Optional.of("o:signed")))
          .isEqualTo(signed);
      assertThat(new CommitSigning(ours).verify(signed, List.of(key))).isPresent();
      assertThatThrownBy(() -> new Puller(ours, server.uri(), StoreListener.SILENT, strict).pull("unsigned",
          Optional.empty())).hasMessageContaining("not signed");
      assertThatThrownBy(() -> new Puller(ours, server.uri(), StoreListener.SILENT, strict).pull("forged",
          Optional.empty())).hasMessageContaining("no valid signature");
      assertThat(ours.has(unsigned, ObjectType.COMMIT)).isFalse();
      assertThat(ours.has(forged, ObjectType.COMMIT)).isFalse();

      // a summary signed by someone else is refused
      Summary.of(served, Instant.now()).write(served, List.of(stranger));
      assertThatThrownBy(() -> new Puller(ours, server.uri(), StoreListener.SILENT, strict).pull("signed",
          Optional.empty())).hasMessageContaining("summary has no valid signature");

      // the real ostree reads our summary (Debian's build cannot check ed25519 signatures)
      Path theirs = tmp.resolve("theirs");
      Ostree.run("init", "--repo=" + theirs, "--mode=archive");
      Ostree.repo(theirs, "remote", "add", "--no-gpg-verify", "origin", server.uri().toString());
      assertThat(Ostree.repo(theirs, "remote", "refs", "origin")).contains("origin:signed", "origin:unsigned");
      Ostree.repo(theirs, "pull", "origin", "signed");
      assertThat(Ostree.repo(theirs, "rev-parse", "origin:signed").strip()).isEqualTo(signed.name());
    }
  }
}
