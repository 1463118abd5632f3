package dev.caisson.cli.release;

import dev.caisson.cli.CommandTree;
import dev.caisson.cli.UserException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code caisson release VERB --server URL --token T}: releases on streams, through the admin API. */
@Command(addMethodSubcommands = false, name = "release", mixinStandardHelpOptions = true,
    description = "Publish releases and steer their rollouts on a caisson server (publish, list, pause, resume, "
        + "deadend, barrier).")
public final class ReleaseCommand implements CommandTree.Group {
  private static final List<Class<?>> VERBS = List.of(
      ReleasePublish.class,
      ReleaseList.class,
      ReleasePause.class,
      ReleaseResume.class,
      ReleaseDeadend.class,
      ReleaseBarrier.class);

  @Override
  public List<Class<?>> verbs() {
    return VERBS;
  }

  @Option(names = "--server", paramLabel = "URL", scope = ScopeType.INHERIT, defaultValue = "http://127.0.0.1:8080/",
      description = "The server (default ${DEFAULT-VALUE}).")
  URI server;

  @Option(names = "--token", paramLabel = "T", scope = ScopeType.INHERIT,
      description = "The admin bearer token (or --token-file, or the CAISSON_TOKEN environment variable).")
  String token;

  @Option(names = "--token-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "A file holding the admin bearer token.")
  Path tokenFile;

  AdminClient client() throws IOException {
    String t = token;
    if (t == null && tokenFile != null) {
      t = Files.readString(tokenFile).strip();
    }
    if (t == null) {
      t = System.getenv("CAISSON_TOKEN");
    }
    if (t == null || t.isBlank()) {
      throw new UserException("no admin token: give --token, --token-file or CAISSON_TOKEN");
    }
    return new AdminClient(server, t);
  }
}
