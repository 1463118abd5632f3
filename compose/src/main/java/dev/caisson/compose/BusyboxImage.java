package dev.caisson.compose;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A one-layer OCI image layout holding the build host's static busybox: the base of local workloads, since no
 * registry needs to be reachable ({@code podman run oci:/usr/share/caisson/images/busybox httpd ...}). The layer
 * is {@code /bin/busybox} with {@code /bin/sh} linked to it; the entrypoint is busybox, so the command names the
 * applet. Same busybox, same bytes: entries have mtime 0 and root owners.
 */
final class BusyboxImage {
  /** Where the OS tree carries the layout. */
  static final String PATH = "usr/share/caisson/images/busybox";

  private BusyboxImage() {
  }

  /** Writes the layout into {@code dir} (created) and returns the manifest's digest. */
  static String write(Path busybox, Path dir) throws IOException {
    byte[] bin = Files.readAllBytes(busybox);
    var tar = new ByteArrayOutputStream();
    entry(tar, "bin/", '5', 0755, new byte[0], "");
    entry(tar, "bin/busybox", '0', 0755, bin, "");
    entry(tar, "bin/sh", '2', 0777, new byte[0], "busybox");
    entry(tar, "tmp/", '5', 01777, new byte[0], "");
    entry(tar, "www/", '5', 0755, new byte[0], "");
    tar.write(new byte[1024]);
    byte[] layer = tar.toByteArray();
    String layerDigest = sha256(layer);
    String config = """
        {"architecture":"amd64","os":"linux","config":{"Entrypoint":["/bin/busybox"],"Cmd":["sh"],\
        "WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}""".formatted(layerDigest);
    byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
    String manifest = """
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",\
        "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%d},\
        "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%d}]}"""
        .formatted(sha256(configBytes), configBytes.length, layerDigest, layer.length);
    byte[] manifestBytes = manifest.getBytes(StandardCharsets.UTF_8);
    String manifestDigest = sha256(manifestBytes);
    String index = """
        {"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json",\
        "digest":"sha256:%s","size":%d,"annotations":{"org.opencontainers.image.ref.name":"latest"}}]}"""
        .formatted(manifestDigest, manifestBytes.length);
    Path blobs = dir.resolve("blobs/sha256");
    Files.createDirectories(blobs);
    Tree.write(blobs.resolve(layerDigest), layer, 0644);
    Tree.write(blobs.resolve(sha256(configBytes)), configBytes, 0644);
    Tree.write(blobs.resolve(manifestDigest), manifestBytes, 0644);
    Tree.write(dir.resolve("index.json"), index.getBytes(StandardCharsets.UTF_8), 0644);
    Tree.write(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8), 0644);
    return "sha256:" + manifestDigest;
  }

  /** One ustar header (and the data, padded to 512 bytes). */
  private static void entry(ByteArrayOutputStream out, String name, char type, int mode, byte[] data, String link) {
    byte[] h = new byte[512];
    put(h, 0, 100, name);
    put(h, 100, 8, octal(mode, 7));
    put(h, 108, 8, octal(0, 7));
    put(h, 116, 8, octal(0, 7));
    put(h, 124, 12, octal(data.length, 11));
    put(h, 136, 12, octal(0, 11));
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    h[156] = (byte) type;
    put(h, 157, 100, link);
    put(h, 257, 6, "ustar");
    put(h, 263, 2, "00");
    put(h, 265, 32, "root");
    put(h, 297, 32, "root");
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, 8, octal(sum, 6) + "\0 ");
    out.writeBytes(h);
    out.writeBytes(data);
    int pad = (512 - data.length % 512) % 512;
    out.writeBytes(new byte[pad]);
  }

  private static String octal(long v, int digits) {
    String s = Long.toOctalString(v);
    return "0".repeat(Math.max(0, digits - s.length())) + s;
  }

  private static void put(byte[] h, int off, int len, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, off, Math.min(len, b.length));
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
