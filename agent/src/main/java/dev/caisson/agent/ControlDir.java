package dev.caisson.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How {@code caisson update} talks to the running agent, through files in a directory (by default
 * {@code /run/caisson/agent}): the agent writes {@code status.json} after every tick; a command
 * drops a request file {@code requests/<time>-<verb>} that the agent takes and deletes within a
 * second. Only root can write there, which is the access control.
 */
public final class ControlDir {
  /** The requests a user can make. */
  public enum Request {
    CHECK_NOW("check-now"),
    REBOOT_NOW("reboot-now"),
    PAUSE("pause"),
    RESUME("resume"),
    UNLOCK("unlock");

    private final String verb;

    Request(String verb) {
      this.verb = verb;
    }

    public String verb() {
      return verb;
    }

    static Optional<Request> of(String verb) {
      for (Request r : values()) {
        if (r.verb.equals(verb)) {
          return Optional.of(r);
        }
      }
      return Optional.empty();
    }
  }

  private final Path dir;
  private final ObjectMapper json = new ObjectMapper();

  public ControlDir(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public void request(Request r, long nanoTime) throws IOException {
    AtomicJson.write(dir.resolve("requests").resolve(String.format("%020d-%s", nanoTime, r.verb())),
        new byte[0]);
  }

  /** The waiting requests, oldest first; each is removed as it is taken. */
  public List<Request> take() throws IOException {
    Path req = dir.resolve("requests");
    if (!Files.isDirectory(req)) {
      return List.of();
    }
    var found = new TreeMap<String, Path>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(req)) {
      for (Path p : s) {
        if (!p.getFileName().toString().startsWith(".")) {
          found.put(p.getFileName().toString(), p);
        }
      }
    }
    var out = new ArrayList<Request>();
    for (var e : found.entrySet()) {
      String name = e.getKey();
      Files.deleteIfExists(e.getValue());
      Request.of(name.substring(name.indexOf('-') + 1)).ifPresent(out::add);
    }
    return out;
  }

  public void writeStatus(AgentStatus s) throws IOException {
    ObjectNode o = json.createObjectNode().put("state", s.state()).put("reason", s.reason())
        .put("booted", s.booted()).put("paused", s.paused()).put("hold_lock", s.holdLock())
        .put("updated_at", s.updatedAt());
    s.target().ifPresent(t -> o.put("target", t));
    s.lastError().ifPresent(e -> o.put("last_error", e));
    var d = o.putArray("denylisted");
    s.denylisted().forEach(d::add);
    AtomicJson.write(dir.resolve("status.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(o)
        .getBytes(StandardCharsets.UTF_8));
  }

  public Optional<AgentStatus> readStatus() throws IOException {
    Path f = dir.resolve("status.json");
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    JsonNode o = json.readTree(Files.readAllBytes(f));
    var deny = new ArrayList<String>();
    o.path("denylisted").forEach(n -> deny.add(n.asText()));
    return Optional.of(new AgentStatus(o.path("state").asText(), o.path("reason").asText(),
        Optional.ofNullable(o.get("target")).map(JsonNode::asText), o.path("booted").asText(),
        o.path("paused").asBoolean(), o.path("hold_lock").asBoolean(), deny,
        Optional.ofNullable(o.get("last_error")).map(JsonNode::asText), o.path("updated_at").asLong()));
  }
}
