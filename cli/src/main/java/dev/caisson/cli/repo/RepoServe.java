package dev.caisson.cli.repo;

import dev.caisson.cli.DebugOption;
import dev.caisson.cli.UserException;
import dev.caisson.store.transport.RepoServer;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(addMethodSubcommands = false,
    name = "serve", description = "Serve the repository over HTTP until stopped.", mixinStandardHelpOptions = true)
final class RepoServe implements Callable<Integer> {
  @Mixin DebugOption debug;
  @ParentCommand RepoCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--listen", defaultValue = "127.0.0.1:8000", paramLabel = "HOST:PORT") String listen;

  @Override
  public Integer call() throws Exception {
    parent.open();
    int colon = listen.lastIndexOf(':');
    if (colon < 0) {
      throw new UserException("--listen=" + listen + ": write HOST:PORT, such as 127.0.0.1:8000");
    }
    var address = new InetSocketAddress(listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1)));
    var stop = new CountDownLatch(1);
    try (var server = new RepoServer(parent.repo, address)) {
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      spec.commandLine().getErr().println("serving " + parent.repo + " at " + server.uri());
      spec.commandLine().getErr().flush();
      stop.await();
    }
    return 0;
  }
}
