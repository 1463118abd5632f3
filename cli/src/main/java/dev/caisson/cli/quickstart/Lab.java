package dev.caisson.cli.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.caisson.config.SourceText;
import dev.caisson.config.butane.ButaneTranslator;
import dev.caisson.config.ignition.IgnitionJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The machinery of {@code caisson quickstart} and of the end-to-end test: compose, image build, a background
 * {@code caisson server} with the embedded store, releases, a VM, and waiting for things to answer. Every Caisson
 * step runs as a child process of this JVM's own class path ({@code java -cp ... dev.caisson.cli.Main VERB}), as a
 * user would run it. State lives in one directory.
 *
 * @param project the project checkout (os/caisson.yaml, examples/)
 * @param state the state directory: repo/, images/, disk.img, server/, id_ed25519, logs
 * @param vmBase where {@code caisson vm} keeps its VMs ({@code $CAISSON_VM_DIR})
 * @param serverPort the server's port on 127.0.0.1
 * @param vmName the VM's name ({@code caisson vm --name})
 */
public record Lab(Path project, Path state, Path vmBase, int serverPort, String vmName, QuickstartListener listener,
    long startNanos) {
  public static final String REF = "caisson/stable/x86_64";
  public static final String STREAM = "stable";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern COMPOSED = Pattern.compile("composed \\S+ (\\S+): ([0-9a-f]{64})");

  public Lab(Path project, Path state, Path vmBase, int serverPort, String vmName, QuickstartListener listener) {
    this(project, state, vmBase, serverPort, vmName, listener, System.nanoTime());
  }

  /** A composed commit. */
  public record Commit(String checksum, String version) {
  }

  public Path repo() {
    return state.resolve("repo");
  }

  public Path serverUrlFile() {
    return state.resolve("server.url");
  }

  public String serverUrl() {
    return "http://127.0.0.1:" + serverPort + "/";
  }

  public Path token() {
    return state.resolve("server.token");
  }

  public Path sshKey() {
    return state.resolve("id_ed25519");
  }

  public Path serialLog() {
    return vmBase().resolve(vmName).resolve("serial.log");
  }

  public double elapsed() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  public void say(String step, String message) {
    listener.step(step, message, elapsed());
  }

  // ---- compose and image ----

  /**
   * Composes {@code manifest} into the state's repository, unless {@code cacheKey} says the last compose had the
   * same inputs (manifest, overlays, Caisson's jar) and the same version string.
   */
  public Commit compose(Path manifest, String version) throws IOException {
    Files.createDirectories(state);
    String key = inputKey(manifest, version);
    Path keyFile = state.resolve("compose." + sha256(manifest.toAbsolutePath().toString()).substring(0, 12));
    if (Files.isRegularFile(keyFile)) {
      String[] last = Files.readString(keyFile).trim().split(" ");
      Path ref = repo().resolve("refs/heads").resolve(REF);
      // the ref must still name that commit: releases are published by ref
      if (last.length == 3 && last[0].equals(key) && Files.isRegularFile(ref)
          && Files.readString(ref).trim().equals(last[1])) {
        say("compose", "cached: " + last[2] + " " + last[1].substring(0, 12) + " (inputs unchanged)");
        return new Commit(last[1], last[2]);
      }
    }
    say("compose", manifest + " --version-string " + version);
    var args = new ArrayList<>(List.of("compose", "--manifest", manifest.toString(), "--repo", repo().toString(),
        "--mode", "archive", "--version-string", version));
    Path jar = project.resolve("cli/target/caisson.jar");
    if (Files.isRegularFile(jar)) {
      args.addAll(List.of("--caisson-jar", jar.toString())); // the thin jar with its lib/, never a jar from ~/.m2
    }
    String out = caisson(args, line -> line.startsWith("[") || line.startsWith("composed"));
    Matcher m = COMPOSED.matcher(out);
    if (!m.find()) {
      throw new IOException("compose printed no commit:\n" + tail(out));
    }
    var c = new Commit(m.group(2), m.group(1));
    write(keyFile, key + " " + c.checksum() + " " + c.version() + "\n");
    return c;
  }

  /** The image of {@code commit}, built once per commit into images/ (pristine; boots use a copy). */
  public Path image(Commit commit) throws IOException {
    Path img = state.resolve("images").resolve(commit.checksum().substring(0, 16) + ".img");
    if (Files.isRegularFile(img)) {
      say("image", "cached: " + img);
      return img;
    }
    Files.createDirectories(img.getParent());
    say("image", "building " + img.getFileName() + " from " + commit.checksum().substring(0, 12));
    caisson(List.of("image", "build", "--repo", repo().toString(), "--ref", commit.checksum(), "-o", img.toString()),
        line -> line.contains(img.getFileName().toString()));
    return img;
  }

  /** A writable copy of a pristine image (sparse), for one VM's boots. */
  public Path copyImage(Path pristine, String name) throws IOException {
    Path disk = state.resolve(name);
    Files.deleteIfExists(disk);
    run(List.of("cp", "--sparse=always", pristine.toString(), disk.toString()), line -> false);
    return disk;
  }

  // ---- the config ----

  /** A fresh SSH key pair for the guest's users, made once with ssh-keygen. */
  public String publicKey() throws IOException {
    if (!Files.isRegularFile(sshKey())) {
      Files.createDirectories(state);
      run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "caisson-quickstart", "-f", sshKey().toString()),
          line -> false);
    }
    return Files.readString(sshKey().resolveSibling(sshKey().getFileName() + ".pub")).trim();
  }

  /** Transpiles a Butane config (local files relative to it) to Ignition JSON, as a tree to edit. */
  public static ObjectNode transpile(Path butane) throws IOException {
    String text = Files.readString(butane, StandardCharsets.UTF_8);
    var result = new ButaneTranslator().translate(new SourceText(butane.toString(), text),
        new ButaneTranslator.Options(Optional.ofNullable(butane.toAbsolutePath().getParent()), true));
    if (result.report().hasErrors() || result.config().isEmpty()) {
      throw new IOException(butane + ": the Butane config has errors; run: caisson transpile " + butane);
    }
    return (ObjectNode) JSON.readTree(new IgnitionJson().write(result.config().get(), false));
  }

  /** Gives {@code user} (added when the config has no such user) the SSH key. */
  public static void addSshKey(ObjectNode ign, String user, String key) {
    ArrayNode users = ign.with("passwd").withArray("users");
    ObjectNode u = null;
    for (JsonNode n : users) {
      if (user.equals(n.path("name").asText())) {
        u = (ObjectNode) n;
      }
    }
    if (u == null) {
      u = users.addObject().put("name", user);
    }
    u.withArray("sshAuthorizedKeys").add(key);
  }

  /** Adds a file with inline contents (a data: URL). */
  public static void addFile(ObjectNode ign, String path, int mode, String contents) {
    ObjectNode f = ign.with("storage").withArray("files").addObject();
    f.put("path", path).put("mode", mode).put("overwrite", true);
    f.putObject("contents").put("source", "data:;base64,"
        + java.util.Base64.getEncoder().encodeToString(contents.getBytes(StandardCharsets.UTF_8)));
  }

  public Path writeConfig(ObjectNode ign, String name) throws IOException {
    Path p = state.resolve(name);
    write(p, JSON.writeValueAsString(ign) + "\n");
    return p;
  }

  // ---- the server ----

  /** Starts {@code caisson server} in the background (its own session), with a fresh data directory. */
  public long startServer(Map<String, Object> closedLoop) throws IOException, InterruptedException {
    Path data = state.resolve("server");
    deleteTree(data);
    Files.createDirectories(data);
    if (!Files.isRegularFile(token())) {
      byte[] b = new byte[24];
      new java.security.SecureRandom().nextBytes(b);
      write(token(), HexFormat.of().formatHex(b) + "\n");
      Files.setPosixFilePermissions(token(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }
    var yaml = new StringBuilder();
    yaml.append("listen: 127.0.0.1:").append(serverPort).append('\n');
    yaml.append("data: ").append(data).append('\n');
    yaml.append("token_file: ").append(token()).append('\n');
    yaml.append("streams: [").append(STREAM).append("]\n");
    yaml.append("closed_loop:\n");
    closedLoop.forEach((k, v) -> yaml.append("  ").append(k).append(": ").append(v).append('\n'));
    Path config = state.resolve("server.yaml");
    write(config, yaml.toString());
    var cmd = new ArrayList<String>();
    cmd.add("setsid");
    cmd.addAll(javaCommand());
    cmd.addAll(List.of("server", "--config", config.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(state.resolve("server.log").toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    write(state.resolve("server.pid"), p.pid() + "\n");
    say("server", "caisson server on " + serverUrl() + " (pid " + p.pid() + ", log " + state.resolve("server.log")
        + ")");
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("caisson server exited (" + p.exitValue() + "):\n"
            + tail(Files.readString(state.resolve("server.log"))));
      }
      if (get(serverUrl() + "metrics").isPresent()) {
        say("server", "answering");
        return p.pid();
      }
      Thread.sleep(500);
    }
    throw new IOException("caisson server did not answer on " + serverUrl() + " within 120 s");
  }

  /** Publishes a commit of the state's repository as a release of the stable stream, to everyone at once. */
  public void publish(Commit c) throws IOException {
    say("publish", c.version() + " (" + c.checksum().substring(0, 12) + ")");
    caisson(List.of("release", "publish", "--server", serverUrl(), "--token-file", token().toString(), "--stream",
        STREAM, "--version", c.version(), "--from", repo().toString(), "--ref", REF), line -> true);
  }

  /** GET an admin path ({@code v1/admin/nodes}) with the token, as JSON. */
  public JsonNode admin(String path) throws IOException {
    try {
      var req = HttpRequest.newBuilder(URI.create(serverUrl() + path)).timeout(Duration.ofSeconds(10))
          .header("Authorization", "Bearer " + Files.readString(token()).trim()).build();
      var resp = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
      if (resp.statusCode() != 200) {
        throw new IOException("GET " + path + ": HTTP " + resp.statusCode() + " " + resp.body());
      }
      return JSON.readTree(resp.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Stops the server started by {@link #startServer}, if it runs: SIGTERM, then SIGKILL after 10 s. */
  public boolean stopServer() throws IOException {
    Path pidFile = state.resolve("server.pid");
    if (!Files.isRegularFile(pidFile)) {
      return false;
    }
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    // the process must still be our server (ProcessHandle.Info drops the arguments of long command lines)
    var handle = ProcessHandle.of(pid).filter(h -> isServer(pid));
    boolean was = handle.isPresent();
    handle.ifPresent(h -> {
      h.destroy();
      try {
        h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    });
    Files.deleteIfExists(pidFile);
    return was;
  }

  private static boolean isServer(long pid) {
    try {
      String cmdline = Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline"), StandardCharsets.UTF_8);
      return cmdline.contains("\0server\0--config\0");
    } catch (IOException e) {
      return false;
    }
  }

  // ---- the VM ----

  /**
   * {@code caisson vm run DISK --config CONFIG --forward ...}: boots and waits for CAISSON-READY (or the
   * provisioning failure). Returns vm run's exit code and its output.
   */
  public VmRunResult runVm(Path disk, Path config, List<String> forwards, boolean direct, int timeoutSeconds)
      throws IOException {
    var args = new ArrayList<>(List.of("vm", "run", disk.toString(), "--config", config.toString(), "--name", vmName,
        "--timeout", String.valueOf(timeoutSeconds)));
    for (String f : forwards) {
      args.addAll(List.of("--forward", f));
    }
    if (direct) {
      args.add("--direct");
    }
    say("vm", "vm run " + disk.getFileName() + (direct ? " --direct" : "") + " --config " + config.getFileName());
    var r = exec(javaCommandWith(args), line -> line.startsWith("vm ") || line.startsWith("  |"));
    return new VmRunResult(r.code(), r.output());
  }

  public record VmRunResult(int code, String output) {
  }

  public void stopVm() throws IOException {
    exec(javaCommandWith(List.of("vm", "stop", "--name", vmName)), line -> true);
  }

  /** Runs a command in the guest over SSH as {@code user}; returns its output, or fails with it. */
  public String ssh(String user, String command) throws IOException {
    long deadline = System.nanoTime() + SSH_READY.toNanos();
    List<String> argv = javaCommandWith(List.of("vm", "ssh", "--name", vmName, "-u", user, "-i", sshKey().toString(),
        "--", command));
    var r = exec(argv, line -> false);
    // a guest that serves its web port may not have its sshd up yet (first boot makes the host keys,
    // slowly under emulation): QEMU's forward then accepts and closes at once. ssh says so with 255.
    while (r.code() == 255 && sshNotUp(r.output()) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for the VM's sshd");
      }
      r = exec(argv, line -> false);
    }
    if (r.code() != 0) {
      throw new IOException("ssh " + user + " '" + command + "' exited " + r.code() + ":\n" + tail(r.output()));
    }
    return r.output();
  }

  /** How long {@link #ssh} waits for a guest's sshd to take connections. */
  private static final Duration SSH_READY = Duration.ofSeconds(120);

  /** Whether ssh's output says the connection itself failed (no sshd yet), not the command. */
  static boolean sshNotUp(String output) {
    return output.contains("kex_exchange_identification") || output.contains("Connection refused")
        || output.contains("Connection reset by peer") || output.contains("Connection closed by remote host");
  }

  /** Waits until {@code url} answers 200; returns the body. */
  public String awaitHttp(String url, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> body = get(url);
      if (body.isPresent()) {
        return body.get();
      }
      Thread.sleep(1000);
    }
    throw new IOException(url + " did not answer within " + timeout.toSeconds() + " s");
  }

  /** 200's body, or empty on any other answer or a connection failure. */
  public static Optional<String> get(String url) {
    try {
      var req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
      var resp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()
          .send(req, HttpResponse.BodyHandlers.ofString());
      return resp.statusCode() == 200 ? Optional.of(resp.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  // ---- processes ----

  /** Runs a Caisson verb; fails with its output's tail when it exits non-zero. */
  public String caisson(List<String> args, Predicate<String> show) throws IOException {
    var r = exec(javaCommandWith(args), show);
    if (r.code() != 0) {
      throw new IOException("caisson " + String.join(" ", args) + " exited " + r.code() + ":\n" + tail(r.output()));
    }
    return r.output();
  }

  private String run(List<String> cmd, Predicate<String> show) throws IOException {
    var r = exec(cmd, show);
    if (r.code() != 0) {
      throw new IOException(String.join(" ", cmd) + " exited " + r.code() + ":\n" + tail(r.output()));
    }
    return r.output();
  }

  private record Exec(int code, String output) {
  }

  private Exec exec(List<String> cmd, Predicate<String> show) throws IOException {
    var pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(project.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().put("CAISSON_VM_DIR", vmBase().toString());
    Process p = pb.start();
    var out = new StringBuilder();
    try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        out.append(line).append('\n');
        if (show.test(line)) {
          say("", "  " + line);
        }
      }
      return new Exec(p.waitFor(), out.toString());
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static List<String> javaCommand() {
    var cmd = new ArrayList<String>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "dev.caisson.cli.Main"));
    return cmd;
  }

  private static List<String> javaCommandWith(List<String> args) {
    var cmd = javaCommand();
    cmd.addAll(args);
    return cmd;
  }

  // ---- small helpers ----

  /** What decides whether a compose can be skipped: the manifest's directory (overlays), the jar, the version. */
  private String inputKey(Path manifest, String version) throws IOException {
    var md = digest();
    md.update(version.getBytes(StandardCharsets.UTF_8));
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(manifest.toAbsolutePath().getParent())) {
      s.filter(Files::isRegularFile).sorted().forEach(files::add);
    }
    for (String cp : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(cp);
      if (Files.isRegularFile(p)) {
        files.add(p);
      } else if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
      }
    }
    Path jar = project.resolve("cli/target/caisson.jar");
    if (Files.isRegularFile(jar)) {
      files.add(jar);
    }
    for (Path f : files) {
      md.update(f.toString().getBytes(StandardCharsets.UTF_8));
      md.update(Files.readAllBytes(f));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(String s) {
    return HexFormat.of().formatHex(digest().digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  /** temp + fsync + rename. */
  public static void write(Path p, String text) throws IOException {
    Files.createDirectories(p.toAbsolutePath().getParent());
    Path tmp = p.resolveSibling("." + p.getFileName() + ".tmp");
    try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> {
        try {
          Files.delete(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  public static String tail(String out) {
    String[] lines = out.split("\n");
    return String.join("\n", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 25), lines.length));
  }
}
