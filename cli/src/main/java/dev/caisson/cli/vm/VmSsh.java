package dev.caisson.cli.vm;

import dev.caisson.cli.UserException;
import dev.caisson.image.vm.SpecFile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code caisson vm ssh}: ssh to the VM through its forwarded port. */
@Command(addMethodSubcommands = false,
    name = "ssh", mixinStandardHelpOptions = true, description = "Open an SSH session to a VM.")
final class VmSsh implements Callable<Integer> {
  @Option(names = "--name", defaultValue = "caisson", description = "The VM (default ${DEFAULT-VALUE}).") String name;
  @Option(names = {"-u", "--user"}, defaultValue = "core", description = "Login user (default ${DEFAULT-VALUE}).")
  String user;
  @Option(names = "-i", paramLabel = "KEY", description = "Identity file.") String identity;
  @Parameters(paramLabel = "COMMAND", arity = "0..*") List<String> command = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    var dir = VmCommand.control().dir(name);
    if (!dir.running()) {
      throw new UserException("VM " + name + " is not running; start it with: caisson vm run DISK --name " + name);
    }
    int port = SpecFile.read(dir.spec()).sshPort();
    var argv = new ArrayList<>(List.of("ssh", "-p", String.valueOf(port), "-o", "StrictHostKeyChecking=no", "-o",
        "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"));
    if (identity != null) {
      argv.addAll(List.of("-i", identity));
    }
    argv.add(user + "@127.0.0.1");
    argv.addAll(command);
    return new ProcessBuilder(argv).inheritIO().start().waitFor();
  }
}
