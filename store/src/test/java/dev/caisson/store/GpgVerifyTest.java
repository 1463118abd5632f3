package dev.caisson.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caisson.store.sign.GpgKeyring;
import dev.caisson.store.transport.Puller;
import dev.caisson.store.transport.Remotes;
import dev.caisson.store.transport.RepoServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commits GPG-signed by the real ostree (gpgme) are verified on pull; unsigned or foreign-signed ones are refused. */
class GpgVerifyTest {
  @TempDir Path tmp;

  private GpgKeys keys() {
    return new GpgKeys(tmp);
  }

  @Test
  void pullsVerifyOstreesGpgSignatures() throws Exception {
    Path signer = keys().newKey("release");
    Path stranger = keys().newKey("stranger");
    String fpr = keys().fingerprint(signer);
    String strangerFpr = keys().fingerprint(stranger);
    keys().gpg(signer, "--output", tmp.resolve("release.gpg").toString(), "--export", fpr);

    Path served = tmp.resolve("served");
    Ostree.run("init", "--repo=" + served, "--mode=archive");
    Path tree = Files.createDirectories(tmp.resolve("tree/usr/lib"));
    Files.writeString(tree.resolve("os-release"), "NAME=Caisson\n");
    String signed = Ostree.repo(served, "commit", "-b", "signed", "--tree=dir=" + tmp.resolve("tree"),
        "--gpg-sign=" + fpr, "--gpg-homedir=" + signer).strip();
    Files.writeString(tree.resolve("extra"), "1");
    String unsigned = Ostree.repo(served, "commit", "-b", "unsigned", "--tree=dir=" + tmp.resolve("tree")).strip();
    Files.writeString(tree.resolve("extra"), "2");
    String foreign = Ostree.repo(served, "commit", "-b", "foreign", "--tree=dir=" + tmp.resolve("tree"),
        "--gpg-sign=" + strangerFpr, "--gpg-homedir=" + stranger).strip();

    try (var server = new RepoServer(served, new InetSocketAddress("127.0.0.1", 0))) {
      Repo ours = Repo.init(tmp.resolve("ours"), RepoMode.BARE_USER);
      new Remotes(ours).add("origin", server.uri().toString(), Map.of("gpg-verify", "true"));
      Files.copy(tmp.resolve("release.gpg"), ours.path().resolve("origin.trustedkeys.gpg"));
      var v = Puller.Verification.of(ours, "origin", new Remotes(ours).list().get("origin"));
      assertThat(v.gpg()).isPresent();
      assertThat(new Puller(ours, server.uri(), StoreListener.SILENT, v).pull("signed", Optional.of("origin:signed"))
          .name()).isEqualTo(signed);
      assertThatThrownBy(() -> new Puller(ours, server.uri(), StoreListener.SILENT, v).pull("unsigned",
          Optional.empty())).hasMessageContaining("no GPG signature");
      assertThatThrownBy(() -> new Puller(ours, server.uri(), StoreListener.SILENT, v).pull("foreign",
          Optional.empty())).hasMessageContaining("no valid GPG signature");
      assertThat(ours.has(ObjectId.fromString(unsigned), ObjectType.COMMIT)).isFalse();
      assertThat(ours.has(ObjectId.fromString(foreign), ObjectType.COMMIT)).isFalse();
    }

    Files.writeString(tmp.resolve("junk.gpg"), "not a keyring");
    assertThatThrownBy(() -> GpgKeyring.load(List.of(tmp.resolve("junk.gpg")))).hasMessageContaining("keyring");
  }
}
