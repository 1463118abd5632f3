package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caisson.store.sign.GpgSigner;
import dev.caisson.store.sign.Signatures;
import dev.caisson.store.transport.Puller;
import dev.caisson.store.transport.Remotes;
import dev.caisson.store.transport.RepoServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GPG-signed summaries: ours are accepted by ostree's pull, ostree's by ours, and bad ones refused. */
class GpgSummaryTest {
  @TempDir Path tmp;

  private GpgKeys keys() {
    return new GpgKeys(tmp);
  }

  private Puller puller(Repo ours, RepoServer server) throws Exception {
    var v = Puller.Verification.of(ours, "origin", new Remotes(ours).list().get("origin"));
    assertThat(v.gpgSummary()).isPresent();
    return new Puller(ours, server.uri(), StoreListener.SILENT, v);
  }

  @Test
  void summariesSignedEitherWay() throws Exception {
    Path signer = keys().newKey("release");
    Path stranger = keys().newKey("stranger");
    String fpr = keys().fingerprint(signer);
    keys().gpg(signer, "--output", tmp.resolve("release.gpg").toString(), "--export", fpr);
    Path tree = Files.createDirectories(tmp.resolve("tree/usr/lib"));
    Files.writeString(tree.resolve("os-release"), "NAME=Caisson\n");

    // ostree signs, we verify
    Path theirs = tmp.resolve("theirs");
    Ostree.run("init", "--repo=" + theirs, "--mode=archive");
    String c = Ostree.repo(theirs, "commit", "-b", "os", "--tree=dir=" + tmp.resolve("tree")).strip();
    Ostree.repo(theirs, "summary", "-u", "--gpg-sign=" + fpr, "--gpg-homedir=" + signer);
    try (var server = new RepoServer(theirs, new InetSocketAddress("127.0.0.1", 0))) {
      Repo ours = Repo.init(tmp.resolve("ours"), RepoMode.BARE_USER);
      new Remotes(ours).add("origin", server.uri().toString(), Map.of("gpg-verify", "false",
          "gpg-verify-summary", "true"));
      Files.copy(tmp.resolve("release.gpg"), ours.path().resolve("origin.trustedkeys.gpg"));
      assertThat(puller(ours, server).pull("os", Optional.empty()).name()).isEqualTo(c);

      // signed by a key the remote does not trust: refused
      Ostree.repo(theirs, "summary", "-u", "--gpg-sign=" + keys().fingerprint(stranger), "--gpg-homedir=" + stranger);
      Repo other = Repo.init(tmp.resolve("other"), RepoMode.BARE_USER);
      new Remotes(other).add("origin", server.uri().toString(), Map.of("gpg-verify-summary", "true"));
      Files.copy(tmp.resolve("release.gpg"), other.path().resolve("origin.trustedkeys.gpg"));
      assertThatThrownBy(() -> puller(other, server).pull("os", Optional.empty()))
          .hasMessageContaining("no valid GPG signature");
      // not signed at all: refused
      Ostree.repo(theirs, "summary", "-u");
      assertThatThrownBy(() -> puller(other, server).pull("os", Optional.empty()))
          .hasMessageContaining("summary.sig");
      assertThat(other.has(ObjectId.fromString(c), ObjectType.COMMIT)).isFalse();
    }

    // we sign, ostree verifies
    Repo served = Repo.init(tmp.resolve("served"), RepoMode.ARCHIVE);
    ObjectId mine = new CommitWriter(served, StoreListener.SILENT).commit(tmp.resolve("tree"),
        CommitWriter.Options.of("os"));
    Summary.of(served, Instant.now()).write(served, List.of(), List.of(new GpgSigner(fpr, Optional.of(signer))));
    byte[] sig = Files.readAllBytes(served.path().resolve("summary.sig"));
    assertThat(Signatures.parse(sig).gpg()).hasSize(1);
    try (var server = new RepoServer(served.path(), new InetSocketAddress("127.0.0.1", 0))) {
      Path client = tmp.resolve("client");
      Ostree.run("init", "--repo=" + client, "--mode=bare-user");
      Ostree.repo(client, "remote", "add", "--set=gpg-verify=false", "--set=gpg-verify-summary=true", "origin",
          server.uri().toString());
      Ostree.repo(client, "remote", "gpg-import", "--keyring=" + tmp.resolve("release.gpg"), "origin");
      Ostree.repo(client, "pull", "origin", "os");
      assertThat(Ostree.repo(client, "rev-parse", "origin:os").strip()).isEqualTo(mine.name());
      // and ostree refuses it once the signature no longer matches the summary
      Summary.of(served, Instant.now().plusSeconds(5)).write(served, List.of());
      Files.write(served.path().resolve("summary.sig"), sig);
      Path client2 = tmp.resolve("client2");
      Ostree.run("init", "--repo=" + client2, "--mode=bare-user");
      Ostree.repo(client2, "remote", "add", "--set=gpg-verify=false", "--set=gpg-verify-summary=true", "origin",
          server.uri().toString());
      Ostree.repo(client2, "remote", "gpg-import", "--keyring=" + tmp.resolve("release.gpg"), "origin");
      assertThatThrownBy(() -> Ostree.repo(client2, "pull", "origin", "os"))
          .hasMessageMatching("(?s).*(?i:signature).*");
    }
  }
}
