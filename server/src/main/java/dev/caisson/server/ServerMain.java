package dev.caisson.server;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * A bare entry point ({@code java -cp ... dev.caisson.server.ServerMain --data DIR [--listen H:P] [--config F]
 * [--token-file F]}) for tests that run the server as its own process; users run {@code caisson server}. Prints
 * {@code listening URI} on standard output once it accepts connections.
 */
public final class ServerMain {
  private ServerMain() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    ServerConfig config = parse(args);
    var server = FleetServer.start(config, Clock.systemUTC(), e -> e.printStackTrace(System.err));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (IOException e) {
        e.printStackTrace(System.err);
      }
    }));
    out.println("listening " + server.uri());
    out.flush();
    server.join();
  }

  static ServerConfig parse(String[] args) throws IOException {
    Path data = null;
    Path configFile = null;
    String listen = null;
    Path tokenFile = null;
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--data" -> data = Path.of(value);
        case "--config" -> configFile = Path.of(value);
        case "--listen" -> listen = value;
        case "--token-file" -> tokenFile = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    return ConfigFile.load(Optional.ofNullable(configFile), Optional.ofNullable(data), Optional.ofNullable(listen),
        Optional.ofNullable(tokenFile), Optional.empty());
  }
}
