package dev.caisson.provision.fetch;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How remote resources are fetched: Ignition's {@code timeouts}, extra CA certificates (PEM), and
 * the retry schedule.
 *
 * @param responseHeaders how long to wait for a response's headers (Ignition default 10 s)
 * @param total the limit for one resource, retries included; zero means none
 * @param caPems PEM certificates trusted in addition to the JDK's
 * @param attempts how many tries at most
 * @param firstBackoff the first pause between tries, doubled after each
 */
public record FetchOptions(Duration responseHeaders, Duration total, List<byte[]> caPems, int attempts,
    Duration firstBackoff, ProxyChoice proxy) {
  public FetchOptions(Duration responseHeaders, Duration total, List<byte[]> caPems, int attempts,
      Duration firstBackoff) {
    this(responseHeaders, total, caPems, attempts, firstBackoff, new ProxyChoice(null, null, List.of()));
  }

  public FetchOptions {
    caPems = List.copyOf(caPems);
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
  }

  public static FetchOptions defaults() {
    return new FetchOptions(Duration.ofSeconds(10), Duration.ZERO, List.of(), 6, Duration.ofMillis(100));
  }

  public FetchOptions withTimeouts(int headersSeconds, int totalSeconds) {
    return new FetchOptions(headersSeconds > 0 ? Duration.ofSeconds(headersSeconds) : responseHeaders,
        totalSeconds > 0 ? Duration.ofSeconds(totalSeconds) : total, caPems, attempts, firstBackoff, proxy);
  }

  public FetchOptions withCas(List<byte[]> pems) {
    var all = new java.util.ArrayList<>(caPems);
    all.addAll(pems);
    return new FetchOptions(responseHeaders, total, all, attempts, firstBackoff, proxy);
  }

  public FetchOptions withProxy(ProxyChoice p) {
    return new FetchOptions(responseHeaders, total, caPems, attempts, firstBackoff, p);
  }

  /** One HTTP header to send with a request. */
  public record Header(String name, String value) {}

  static Map<String, String> asMap(List<Header> headers) {
    var m = new java.util.LinkedHashMap<String, String>();
    headers.forEach(h -> m.put(h.name(), h.value()));
    return m;
  }
}
