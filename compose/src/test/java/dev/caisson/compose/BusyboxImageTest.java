package dev.caisson.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusyboxImageTest {
  @TempDir Path tmp;

  @Test
  void layoutIsAnOciImageWhoseLayerGnuTarReads() throws Exception {
    Path busybox = tmp.resolve("busybox");
    Files.write(busybox, "not really busybox, 31 bytes..\n".getBytes(StandardCharsets.US_ASCII));
    Path dir = tmp.resolve("image");
    String manifestDigest = BusyboxImage.write(busybox, dir);

    var json = new ObjectMapper();
    JsonNode index = json.readTree(dir.resolve("index.json").toFile());
    assertThat(index.at("/manifests/0/digest").asText()).isEqualTo(manifestDigest);
    assertThat(Files.readString(dir.resolve("oci-layout"))).contains("1.0.0");
    Path blobs = dir.resolve("blobs/sha256");
    byte[] manifestBytes = Files.readAllBytes(blobs.resolve(manifestDigest.substring(7)));
    assertThat(BusyboxImage.sha256(manifestBytes)).isEqualTo(manifestDigest.substring(7));
    assertThat(index.at("/manifests/0/size").asLong()).isEqualTo(manifestBytes.length);
    JsonNode manifest = json.readTree(manifestBytes);
    String layer = manifest.at("/layers/0/digest").asText().substring(7);
    byte[] layerBytes = Files.readAllBytes(blobs.resolve(layer));
    assertThat(BusyboxImage.sha256(layerBytes)).isEqualTo(layer);
    JsonNode config = json.readTree(blobs.resolve(manifest.at("/config/digest").asText().substring(7)).toFile());
    assertThat(config.at("/rootfs/diff_ids/0").asText()).isEqualTo("sha256:" + layer);
    assertThat(config.at("/config/Entrypoint/0").asText()).isEqualTo("/bin/busybox");

    // GNU tar checks each header's checksum: a listing proves the framing
    var p = new ProcessBuilder("tar", "-tvf", blobs.resolve(layer).toString()).redirectErrorStream(true).start();
    String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(listing).isZero();
    assertThat(listing).contains("-rwxr-xr-x root/root        31 1970-01-01 00:00 bin/busybox")
        .contains("bin/sh -> busybox").contains("drwxrwxrwt root/root").contains("www/");
    Path out = tmp.resolve("x");
    Files.createDirectories(out);
    assertThat(new ProcessBuilder("tar", "-xf", blobs.resolve(layer).toString(), "-C", out.toString()).start()
        .waitFor()).isZero();
    assertThat(Files.readAllBytes(out.resolve("bin/busybox"))).isEqualTo(Files.readAllBytes(busybox));

    // same input, same bytes
    assertThat(BusyboxImage.write(busybox, tmp.resolve("again"))).isEqualTo(manifestDigest);
  }
}
