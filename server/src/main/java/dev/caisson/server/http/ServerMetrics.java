package dev.caisson.server.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters the endpoints bump; gauges are computed when {@code /metrics} is scraped. */
public final class ServerMetrics {
  private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();

  /** Adds one to {@code name} with labels written Prometheus-style, e.g. {@code endpoint="graph",code="200"}. */
  public void count(String name, String labels) {
    counters.computeIfAbsent(name + "{" + labels + "}", k -> new LongAdder()).increment();
  }

  /** Every counter, sorted: series name with labels → value. */
  public Map<String, Long> snapshot() {
    var out = new TreeMap<String, Long>();
    counters.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  static String label(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
