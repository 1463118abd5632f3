package dev.caisson.provision;

import static dev.caisson.provision.DifferentialConfigs.cfg;
import static dev.caisson.provision.DifferentialConfigs.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caisson.provision.fetch.FetchOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each failure the issue lists, one test each. */
class FaultTest {
  @TempDir Path tmp;

  private static final FetchOptions QUICK = new FetchOptions(Duration.ofSeconds(5), Duration.ZERO, List.of(), 4,
      Duration.ofMillis(10));

  private Outcome run(Path root, String config) throws Exception {
    String src = config;
    if (!config.startsWith("http") && !config.startsWith("data:")) {
      Path cfg = tmp.resolve("config.ign");
      Files.writeString(cfg, config);
      src = cfg.toString();
    }
    return new Provisioner(Clock.systemUTC(), QUICK, ProvisionListener.NONE).run(ProvisionRequest.of(root, src)
        .withSources(tmp.resolve("nofw"), tmp.resolve("nocmdline"), tmp.resolve("nobase")));
  }

  private Path root() throws Exception {
    return Skeleton.create(tmp.resolve("root"));
  }

  @Test
  void http500TwiceThen200Succeeds() throws Exception {
    try (var server = new TestServer()) {
      String url = server.put("/config.ign", cfg("3.2.0", files("{\"path\":\"/etc/fetched\",\"contents\":{\"source\":\"data:,ok\"}}")));
      server.failuresLeft.set(2);
      Path root = root();
      run(root, url);
      assertThat(root.resolve("etc/fetched")).hasContent("ok");
      assertThat(server.requests.get()).isEqualTo(3);
    }
  }

  @Test
  void slowerThanTheConfiguredTimeoutFailsClearly() throws Exception {
    try (var server = new TestServer()) {
      server.put("/slow.ign", cfg("3.2.0", ""));
      server.delayMs = 2500;
      String config = "{\"ignition\":{\"version\":\"3.2.0\",\"timeouts\":{\"httpResponseHeaders\":1,\"httpTotal\":2},"
          + "\"config\":{\"merge\":[{\"source\":\"" + server.url("/slow.ign") + "\"}]}}}";
      Path root = root();
      var before = Tree.of(root);
      assertThatThrownBy(() -> run(root, config)).isInstanceOf(ProvisionException.class)
          .hasMessageContaining("ignition.config.merge[0]").hasMessageContaining("httpResponseHeaders");
      assertThat(Tree.of(root)).isEqualTo(before);
    }
  }

  @Test
  void wrongHashFailsWithNothingWritten() throws Exception {
    Path root = root();
    var before = Tree.of(root);
    String config = cfg("3.3.0", files("{\"path\":\"/etc/first\",\"contents\":{\"source\":\"data:,fine\"}},"
        + "{\"path\":\"/etc/second\",\"contents\":{\"source\":\"data:,abc\",\"verification\":{\"hash\":\"sha512-"
        + "0".repeat(128) + "\"}}}"));
    assertThatThrownBy(() -> run(root, config)).hasMessageContaining("storage.files[1] /etc/second")
        .hasMessageContaining("hash mismatch");
    assertThat(Tree.of(root)).isEqualTo(before);
    assertThat(root.resolve(Provisioner.STAMP)).doesNotExist();
  }

  @Test
  void unreachableUrlFails() throws Exception {
    Path root = root();
    String url;
    try (var server = new TestServer()) {
      url = server.url("/gone.ign");
    }
    assertThatThrownBy(() -> run(root, url)).isInstanceOf(ProvisionException.class)
        .hasMessageContaining("/gone.ign").hasMessageContaining("failed");
  }

  @Test
  void mergeCycleIsDetected() throws Exception {
    try (var server = new TestServer()) {
      String a = server.url("/a.ign");
      String b = server.url("/b.ign");
      server.put("/a.ign", "{\"ignition\":{\"version\":\"3.1.0\",\"config\":{\"merge\":[{\"source\":\"" + b + "\"}]}}}");
      server.put("/b.ign", "{\"ignition\":{\"version\":\"3.1.0\",\"config\":{\"merge\":[{\"source\":\"" + a + "\"}]}}}");
      assertThatThrownBy(() -> run(root(), a)).hasMessageContaining("merge cycle")
          .hasMessageContaining(a + " -> " + b + " -> " + a);
    }
  }

  @Test
  void mergeAndReplaceAreFollowed() throws Exception {
    try (var server = new TestServer()) {
      String child = server.put("/child.ign", cfg("3.2.0", files("{\"path\":\"/etc/child\",\"contents\":{\"source\":\"data:,c\"}}")));
      String merged = server.put("/merged.ign", "{\"ignition\":{\"version\":\"3.2.0\",\"config\":{\"merge\":[{\"source\":\""
          + child + "\"}]}}," + files("{\"path\":\"/etc/parent\",\"contents\":{\"source\":\"data:,p\"}}") + "}");
      String top = "{\"ignition\":{\"version\":\"3.2.0\",\"config\":{\"replace\":{\"source\":\"" + merged + "\"}}},"
          + files("{\"path\":\"/etc/replaced-away\"}") + "}";
      Path root = root();
      run(root, top);
      assertThat(root.resolve("etc/child")).hasContent("c");
      assertThat(root.resolve("etc/parent")).hasContent("p");
      assertThat(root.resolve("etc/replaced-away")).doesNotExist();
    }
  }

  @Test
  void escapeThroughDotDotIsRefused() throws Exception {
    Path root = root();
    Skeleton.link(root, "etc/esc", "../../..");
    assertThatThrownBy(() -> run(root, cfg("3.2.0", files("{\"path\":\"/etc/esc/tmp/pwned\",\"contents\":{\"source\":\"data:,x\"}}"))))
        .hasMessageContaining("outside the root");
    assertThat(tmp.resolve("tmp/pwned")).doesNotExist();
  }

  @Test
  void absoluteSymlinkStaysInsideTheRoot() throws Exception {
    Path root = root();
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Skeleton.link(root, "etc/abs", outside.toString());
    run(root, cfg("3.2.0", files("{\"path\":\"/etc/abs/f\",\"contents\":{\"source\":\"data:,x\"}}")));
    assertThat(outside.resolve("f")).doesNotExist();
    assertThat(root.resolve(outside.toString().substring(1)).resolve("f")).hasContent("x");
  }

  @Test
  void twoHopChainThroughAConfigCreatedLinkIsRefused() throws Exception {
    Path root = root();
    Skeleton.link(root, "etc/hop", "hop2");
    String config = cfg("3.2.0", "\"storage\":{\"links\":[{\"path\":\"/etc/hop2\",\"target\":\"../../..\"}],"
        + "\"files\":[{\"path\":\"/etc/hop/tmp/pwned\",\"contents\":{\"source\":\"data:,x\"}}]}");
    var before = Tree.of(root);
    assertThatThrownBy(() -> run(root, config)).hasMessageContaining("outside the root");
    assertThat(tmp.resolve("tmp/pwned")).doesNotExist();
    assertThat(Tree.of(root)).isEqualTo(before);
  }

  @Test
  void existingFileWithOverwriteFalseFails() throws Exception {
    Path root = root();
    assertThatThrownBy(() -> run(root, cfg("3.0.0", files("{\"path\":\"/etc/motd\",\"contents\":{\"source\":\"data:,x\"}}"))))
        .hasMessageContaining("storage.files[0] /etc/motd").hasMessageContaining("overwrite is false");
    assertThat(root.resolve("etc/motd")).hasContent("welcome");
  }

  @Test
  void unsupportedSchemesSaySo() throws Exception {
    Path root = root();
    for (String url : List.of("s3://bucket/key", "gs://bucket/key", "tftp://host/f")) {
      assertThatThrownBy(() -> run(root, cfg("3.2.0", files("{\"path\":\"/etc/f\",\"contents\":{\"source\":\"" + url + "\"}}"))))
          .hasMessageContaining("not supported");
    }
  }

  @Test
  void proxyFromTheConfigIsUsed() throws Exception {
    try (var proxy = new TestServer()) {
      proxy.put("/child.ign", cfg("3.2.0", files("{\"path\":\"/etc/via-proxy\",\"contents\":{\"source\":\"data:,p\"}}")));
      String config = "{\"ignition\":{\"version\":\"3.2.0\",\"proxy\":{\"httpProxy\":\"" + proxy.url("") + "\"},"
          + "\"config\":{\"merge\":[{\"source\":\"http://config.invalid/child.ign\"}]}}}";
      Path root = root();
      run(root, config);
      assertThat(root.resolve("etc/via-proxy")).hasContent("p");
      assertThat(proxy.requests.get()).isEqualTo(1);
    }
  }

  @Test
  void noProxyHostsGoDirect() {
    var p = new dev.caisson.provision.fetch.ProxyChoice("http://proxy:3128", null, List.of(".example.com", "local"));
    assertThat(p.isEmpty()).isFalse();
    var sel = new ProxyProbe(p);
    assertThat(sel.direct("http://a.example.com/x")).isTrue();
    assertThat(sel.direct("http://local/x")).isTrue();
    assertThat(sel.direct("http://other.org/x")).isFalse();
    assertThat(sel.direct("https://other.org/x")).isTrue();
  }

  @Test
  void aCertificateAuthorityThatIsNotPemFailsClearly() throws Exception {
    try (var server = new TestServer()) {
      String child = server.put("/c.ign", cfg("3.2.0", ""));
      String config = "{\"ignition\":{\"version\":\"3.2.0\",\"security\":{\"tls\":{\"certificateAuthorities\":"
          + "[{\"source\":\"data:,not-a-certificate\"}]}},\"config\":{\"merge\":[{\"source\":\"" + child + "\"}]}}}";
      assertThatThrownBy(() -> run(root(), config)).hasMessageContaining("certificateAuthorities")
          .hasMessageContaining("invalid certificate");
    }
  }
}
