package dev.caisson.cli.agent;

import dev.caisson.agent.AgentStatus;
import dev.caisson.agent.ControlDir;
import dev.caisson.cli.CommandTree;
import dev.caisson.cli.DebugOption;
import dev.caisson.cli.UserException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code caisson update VERB}: ask the running agent for its status, or to act now. */
@Command(addMethodSubcommands = false, name = "update", mixinStandardHelpOptions = true,
    description = "Control the running update agent on this node (through its run directory).")
public final class UpdateCommand implements CommandTree.Group {
  private static final List<Class<?>> VERBS = List.of(Status.class, CheckNow.class, RebootNow.class, Pause.class,
      Resume.class, Unlock.class);

  @Override
  public List<Class<?>> verbs() {
    return VERBS;
  }

  @Option(names = "--run-dir", paramLabel = "DIR", defaultValue = "/run/caisson", scope = ScopeType.INHERIT,
      description = "The agent's runtime directory (default /run/caisson).")
  Path runDir;

  ControlDir control() {
    return new ControlDir(runDir.resolve("agent"));
  }

  abstract static class Verb implements Callable<Integer> {
    @Mixin DebugOption debug;
    @ParentCommand UpdateCommand update;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    abstract ControlDir.Request request();

    @Override
    public Integer call() throws Exception {
      update.control().request(request(), System.nanoTime());
      spec.commandLine().getOut().println(request().verb() + " requested; the agent takes it within a second "
          + "(caisson update status shows the outcome)");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(addMethodSubcommands = false, name = "status", mixinStandardHelpOptions = true,
      description = "The agent's state, its target and what it is waiting for.")
  static final class Status implements Callable<Integer> {
    @Mixin DebugOption debug;
    @ParentCommand UpdateCommand update;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Option(names = "--json", description = "Print status.json as the agent wrote it.") boolean json;

    @Override
    public Integer call() throws Exception {
      Optional<AgentStatus> s = update.control().readStatus();
      if (s.isEmpty()) {
        throw new UserException("no agent status in " + update.control().dir() + ": is caisson agent running?");
      }
      spec.commandLine().getOut().print(json
          ? java.nio.file.Files.readString(update.control().dir().resolve("status.json")) + "\n" : s.get().render());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(addMethodSubcommands = false,
      name = "check-now", mixinStandardHelpOptions = true, description = "Check the update graph now.")
  static final class CheckNow extends Verb {
    ControlDir.Request request() {
      return ControlDir.Request.CHECK_NOW;
    }
  }

  @Command(addMethodSubcommands = false, name = "reboot-now", mixinStandardHelpOptions = true,
      description = "Reboot into the staged update now, whatever the strategy says.")
  static final class RebootNow extends Verb {
    ControlDir.Request request() {
      return ControlDir.Request.REBOOT_NOW;
    }
  }

  @Command(addMethodSubcommands = false, name = "pause", mixinStandardHelpOptions = true,
      description = "Stop staging and rebooting on this node (kept across reboots) until resume.")
  static final class Pause extends Verb {
    ControlDir.Request request() {
      return ControlDir.Request.PAUSE;
    }
  }

  @Command(addMethodSubcommands = false, name = "resume", mixinStandardHelpOptions = true, description = "Undo pause.")
  static final class Resume extends Verb {
    ControlDir.Request request() {
      return ControlDir.Request.RESUME;
    }
  }

  @Command(addMethodSubcommands = false, name = "unlock", mixinStandardHelpOptions = true,
      description = "Give back the reboot lock this node keeps after a failed update, so the fleet may go on "
          + "(the failed release stays denylisted here).")
  static final class Unlock extends Verb {
    ControlDir.Request request() {
      return ControlDir.Request.UNLOCK;
    }
  }
}
