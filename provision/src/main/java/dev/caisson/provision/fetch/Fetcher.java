package dev.caisson.provision.fetch;

import dev.caisson.provision.ProvisionException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;

/**
 * Fetches a resource named by URL: {@code data:}, {@code http(s)://} (retried with exponential
 * backoff on connection errors, timeouts and 5xx answers, within Ignition's timeouts), or a local
 * path for the top-level config only. Decompresses gzip and checks the hash on the decompressed bytes.
 */
public final class Fetcher {
  private final FetchOptions options;
  private HttpClient client;
  private final LongConsumer sleeper;

  public Fetcher(FetchOptions options) throws ProvisionException {
    this(options, ms -> {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  Fetcher(FetchOptions options, LongConsumer sleeper) throws ProvisionException {
    this.options = options;
    this.sleeper = sleeper;
    if (!options.caPems().isEmpty()) {
      client();
    }
  }

  /** The HTTP client, made on first use: TLS set-up is costly and most configs fetch nothing remote. */
  private HttpClient client() throws ProvisionException {
    if (client == null) {
      var b = HttpClient.newBuilder().connectTimeout(options.responseHeaders())
          .sslContext(TrustedCas.context(options.caPems())).followRedirects(HttpClient.Redirect.NORMAL);
      if (!options.proxy().isEmpty()) {
        b.proxy(options.proxy().selector());
      }
      client = b.build();
    }
    return client;
  }

  public FetchOptions options() {
    return options;
  }

  /** Fetches, decompresses ({@code compression} "gzip" or empty) and verifies {@code url}. */
  public byte[] fetch(String url, String compression, String hash, List<FetchOptions.Header> headers, String what)
      throws ProvisionException {
    byte[] raw = raw(url, headers, what);
    byte[] data = "gzip".equals(compression) ? gunzip(raw, what) : raw;
    if (hash != null && !hash.isEmpty()) {
      Verification.parse(hash).check(data, what);
    }
    return data;
  }

  private byte[] raw(String url, List<FetchOptions.Header> headers, String what) throws ProvisionException {
    String scheme = url.contains(":") ? url.substring(0, url.indexOf(':')).toLowerCase(java.util.Locale.ROOT) : "";
    return switch (scheme) {
      case "data" -> DataUrl.decode(url);
      case "http", "https" -> http(URI.create(url), headers, what);
      case "s3", "gs", "arn", "tftp" -> throw new ProvisionException(what + ": " + scheme
          + ":// sources are not supported by caisson provision; serve the resource over https instead");
      case "file" -> local(Path.of(URI.create(url)), what);
      default -> throw new ProvisionException(what + ": unsupported URL scheme in " + redact(url));
    };
  }

  private static byte[] local(Path p, String what) throws ProvisionException {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new ProvisionException(what + ": cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  private byte[] http(URI uri, List<FetchOptions.Header> headers, String what) throws ProvisionException {
    HttpClient client = client();
    long deadline = options.total().isZero() ? Long.MAX_VALUE : System.nanoTime() + options.total().toNanos();
    long backoff = options.firstBackoff().toMillis();
    String last = "";
    for (int attempt = 1; attempt <= options.attempts(); attempt++) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      Duration timeout = Duration.ofNanos(Math.min(left, options.responseHeaders().toNanos()));
      var req = HttpRequest.newBuilder(uri).timeout(timeout).GET();
      req.header("Accept-Encoding", "identity");
      headers.forEach(h -> req.header(h.name(), h.value()));
      try {
        HttpResponse<byte[]> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() == 200) {
          return resp.body();
        }
        last = "HTTP " + resp.statusCode();
        if (resp.statusCode() < 500) {
          throw new ProvisionException(what + ": GET " + uri + " failed: " + last);
        }
      } catch (HttpTimeoutException e) {
        last = "no response within " + timeout.toMillis() + " ms (ignition.timeouts.httpResponseHeaders)";
      } catch (IOException e) {
        last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProvisionException(what + ": interrupted");
      }
      if (attempt < options.attempts() && System.nanoTime() + backoff * 1_000_000L < deadline) {
        sleeper.accept(backoff);
        backoff = Math.min(backoff * 2, 5000);
      } else if (attempt < options.attempts()) {
        break;
      }
    }
    throw new ProvisionException(what + ": GET " + uri + " failed: " + last
        + (options.total().isZero() ? " (after retries)" : " (within ignition.timeouts.httpTotal)"));
  }

  static byte[] gunzip(byte[] raw, String what) throws ProvisionException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ProvisionException(what + ": invalid gzip data: " + e.getMessage(), e);
    }
  }

  static String redact(String url) {
    return url.length() > 60 ? url.substring(0, 60) + "..." : url;
  }
}
