package dev.caisson.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Optional;

/** {@link PersistedState} as JSON in one file, written temp + fsync + rename. */
public final class StateFile {
  private final Path file;
  private final ObjectMapper json = new ObjectMapper();

  public StateFile(Path file) {
    this.file = file;
  }

  public Path path() {
    return file;
  }

  public PersistedState read() throws IOException {
    if (!Files.exists(file)) {
      return PersistedState.empty();
    }
    JsonNode root;
    try {
      root = json.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IOException(file + ": not a valid agent state file: " + e.getMessage(), e);
    }
    var deny = new LinkedHashMap<String, String>();
    root.path("denylist").fields().forEachRemaining(e -> deny.put(e.getKey(), e.getValue().asText()));
    var attempts = new LinkedHashMap<String, Integer>();
    root.path("deploy_attempts").fields().forEachRemaining(e -> attempts.put(e.getKey(), e.getValue().asInt()));
    JsonNode p = root.path("pending");
    Optional<PersistedState.Pending> pending = p.isObject()
        ? Optional.of(new PersistedState.Pending(p.path("checksum").asText(), p.path("version").asText(),
            p.path("from_version").asText()))
        : Optional.empty();
    return new PersistedState(deny, pending, attempts, root.path("hold_lock").asBoolean(false),
        root.path("paused").asBoolean(false));
  }

  public void write(PersistedState s) throws IOException {
    ObjectNode root = json.createObjectNode();
    ObjectNode deny = root.putObject("denylist");
    s.denylist().forEach(deny::put);
    s.pending().ifPresent(p -> root.putObject("pending").put("checksum", p.checksum()).put("version", p.version())
        .put("from_version", p.fromVersion()));
    ObjectNode attempts = root.putObject("deploy_attempts");
    s.attempts().forEach(attempts::put);
    root.put("hold_lock", s.holdLock());
    root.put("paused", s.paused());
    AtomicJson.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root)
        .getBytes(StandardCharsets.UTF_8));
  }
}
