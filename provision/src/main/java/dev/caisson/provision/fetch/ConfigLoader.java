package dev.caisson.provision.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caisson.config.Problem;
import dev.caisson.config.SourceText;
import dev.caisson.config.ignition.ConfigMerge;
import dev.caisson.config.ignition.IgnitionReader;
import dev.caisson.config.ignition.SpecVersion;
import dev.caisson.config.schema.ConfigSchema;
import dev.caisson.provision.ProvisionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads the config to apply: base configs (merged first, in name order), then the user config,
 * following {@code ignition.config.replace} and {@code merge} recursively with cycle detection.
 * Every fetched config is verified against its hash before it is parsed.
 */
public final class ConfigLoader {
  private final ConfigSchema schema = new ConfigSchema();
  private final IgnitionReader reader = new IgnitionReader(schema);
  private final ConfigMerge merge = new ConfigMerge(schema.root());
  private final FetchOptions base;
  private final List<String> warnings = new ArrayList<>();

  public ConfigLoader(FetchOptions base) {
    this.base = base;
  }

  /** The merged config, and the oldest spec version among its parts. */
  public record Loaded(ObjectNode config, SpecVersion oldestSpec, List<String> warnings) {}

  public Loaded load(Path baseDir, byte[] userConfig, String name) throws ProvisionException {
    ObjectNode merged = null;
    SpecVersion[] oldest = {SpecVersion.LATEST};
    if (baseDir != null && Files.isDirectory(baseDir)) {
      List<Path> parts;
      try (Stream<Path> s = Files.list(baseDir)) {
        parts = s.filter(p -> p.getFileName().toString().endsWith(".ign")).sorted().toList();
      } catch (IOException e) {
        throw new ProvisionException("cannot list base configs in " + baseDir + ": " + e.getMessage(), e);
      }
      for (Path p : parts) {
        byte[] text;
        try {
          text = Files.readAllBytes(p);
        } catch (IOException e) {
          throw new ProvisionException("cannot read base config " + p + ": " + e.getMessage(), e);
        }
        ObjectNode c = resolve(text, p.toString(), new ArrayDeque<>(), oldest);
        merged = merged == null ? c : merge.merge(merged, c);
      }
    }
    ObjectNode user = resolve(userConfig, name, new ArrayDeque<>(), oldest);
    merged = merged == null ? user : merge.merge(merged, user);
    return new Loaded(merged, oldest[0], List.copyOf(warnings));
  }

  private ObjectNode resolve(byte[] text, String name, Deque<String> chain, SpecVersion[] oldest)
      throws ProvisionException {
    if (chain.contains(name)) {
      var cycle = new ArrayList<>(chain);
      java.util.Collections.reverse(cycle);
      cycle.add(name);
      throw new ProvisionException("merge cycle: " + String.join(" -> ", cycle.stream().map(Fetcher::redact).toList()));
    }
    chain.push(name);
    try {
      ObjectNode config = parse(text, name, oldest);
      Fetcher fetcher = fetcherFor(config);
      JsonNode cfg = config.path("ignition").path("config");
      JsonNode replace = cfg.path("replace");
      if (replace.hasNonNull("source")) {
        byte[] child = fetchRef(fetcher, replace, "ignition.config.replace");
        return resolve(child, replace.get("source").asText(), chain, oldest);
      }
      // the parsed tree is this call's own; cfg stays readable once detached
      ObjectNode result = config;
      ((ObjectNode) result.get("ignition")).remove("config");
      int i = 0;
      for (JsonNode m : cfg.path("merge")) {
        byte[] child = fetchRef(fetcher, m, "ignition.config.merge[" + i++ + "]");
        result = merge.merge(result, resolve(child, m.path("source").asText(), chain, oldest));
      }
      return result;
    } finally {
      chain.pop();
    }
  }

  private ObjectNode parse(byte[] bytes, String name, SpecVersion[] oldest) throws ProvisionException {
    var result = reader.read(new SourceText(name, new String(bytes, StandardCharsets.UTF_8)));
    if (result.config().isEmpty()) {
      var sb = new StringBuilder(Fetcher.redact(name) + ": invalid config");
      for (Problem p : result.report().problems()) {
        if (p.severity() == dev.caisson.config.Severity.ERROR) {
          sb.append("\n  ").append(p.line() > 0 ? "line " + p.line() + ": " : "").append(p.message());
        }
      }
      throw new ProvisionException(sb.toString());
    }
    result.version().filter(v -> v.compareTo(oldest[0]) < 0).ifPresent(v -> oldest[0] = v);
    for (Problem p : result.report().problems()) {
      warnings.add(Fetcher.redact(name) + ": " + p.message());
    }
    return result.config().get();
  }

  private Fetcher fetcherFor(ObjectNode config) throws ProvisionException {
    JsonNode ign = config.path("ignition");
    FetchOptions o = base.withTimeouts(ign.path("timeouts").path("httpResponseHeaders").asInt(0),
        ign.path("timeouts").path("httpTotal").asInt(0));
    JsonNode px = ign.path("proxy");
    if (px.hasNonNull("httpProxy") || px.hasNonNull("httpsProxy")) {
      var no = new ArrayList<String>();
      px.path("noProxy").forEach(n -> no.add(n.asText()));
      o = o.withProxy(new ProxyChoice(px.path("httpProxy").asText(null), px.path("httpsProxy").asText(null), no));
    }
    var cas = new ArrayList<byte[]>();
    int i = 0;
    Fetcher plain = new Fetcher(o);
    for (JsonNode ca : ign.path("security").path("tls").path("certificateAuthorities")) {
      cas.add(fetchRef(plain, ca, "ignition.security.tls.certificateAuthorities[" + i++ + "]"));
    }
    return cas.isEmpty() ? plain : new Fetcher(o.withCas(cas));
  }

  /** Fetches a resource object ({@code source}, {@code compression}, {@code httpHeaders}, {@code verification}). */
  public static byte[] fetchRef(Fetcher fetcher, JsonNode ref, String what) throws ProvisionException {
    return fetcher.fetch(ref.path("source").asText(), ref.path("compression").asText(""),
        ref.path("verification").path("hash").asText(""), headers(ref), what);
  }

  public static List<FetchOptions.Header> headers(JsonNode ref) {
    var out = new ArrayList<FetchOptions.Header>();
    for (JsonNode h : ref.path("httpHeaders")) {
      if (h.hasNonNull("value")) {
        out.add(new FetchOptions.Header(h.path("name").asText(), h.path("value").asText()));
      }
    }
    return out;
  }

  /** The fetcher a loaded config asks for (its timeouts and CAs), for the files it names. */
  public Fetcher fetcherForConfig(ObjectNode config) throws ProvisionException {
    return fetcherFor(config);
  }
}
