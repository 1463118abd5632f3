package dev.caisson.cli.release;

import com.fasterxml.jackson.databind.JsonNode;
import dev.caisson.cli.DebugOption;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(addMethodSubcommands = false,
    name = "list", mixinStandardHelpOptions = true, description = "List streams and their releases.")
final class ReleaseList implements Callable<Integer> {
  @Mixin DebugOption debug;
  @ParentCommand ReleaseCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--stream", paramLabel = "S", description = "Only this stream.") String stream;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    long now = Instant.now().getEpochSecond();
    for (JsonNode s : parent.client().get("streams")) {
      if (stream != null && !stream.equals(s.get("name").asText())) {
        continue;
      }
      out.println("stream " + s.get("name").asText());
      int age = 0;
      for (JsonNode r : s.get("releases")) {
        var line = new StringBuilder(String.format(Locale.ROOT, "  %3d  %-24s", age++, r.get("version").asText()));
        JsonNode ro = r.get("rollout");
        if (ro != null && !ro.isNull()) {
          line.append(String.format(Locale.ROOT, " rollout %5.1f%%", 100 * throttle(ro, now)));
        } else {
          line.append(" not offered   ");
        }
        JsonNode payloads = r.get("payloads");
        payloads.fieldNames().forEachRemaining(a -> line.append(' ').append(a).append('=')
            .append(payloads.get(a).asText(), 0, 12));
        flag(line, r, "barrier", "barrier");
        flag(line, r, "deadend", "dead-end");
        JsonNode pause = r.get("pause");
        if (pause != null && !pause.isNull()) {
          line.append(pause.get("automatic").asBoolean() ? "  HALTED: " : "  PAUSED: ")
              .append(pause.get("reason").asText());
        }
        out.println(line);
      }
    }
    out.flush();
    return 0;
  }

  private static void flag(StringBuilder line, JsonNode r, String field, String label) {
    JsonNode v = r.get(field);
    if (v != null && !v.isNull()) {
      line.append("  ").append(label).append(": ").append(v.asText());
    }
  }

  private static double throttle(JsonNode ro, long now) {
    var rollout = new dev.caisson.server.store.Rollout(ro.get("startEpoch").asLong(), ro.get("startValue").asDouble(),
        ro.hasNonNull("durationMinutes") ? java.util.Optional.of(ro.get("durationMinutes").asLong())
            : java.util.Optional.empty());
    return rollout.throttle(now);
  }
}
