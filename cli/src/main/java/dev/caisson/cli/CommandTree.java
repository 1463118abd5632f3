package dev.caisson.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Builds the picocli command tree. A run builds only the commands on the path its arguments name
 * (a short-lived CLI should not load and introspect forty command classes to run one); help, a word
 * that names no verb, or an option before the verb get the whole subtree, so usage lists and
 * "did you mean" suggestions see every verb.
 */
public final class CommandTree {
  /** A command whose only job is to hold verbs. */
  public interface Group {
    /** The verb classes, in the order help lists them. */
    List<Class<?>> verbs();
  }

  private CommandTree() {}

  /** The whole tree under {@code root}. */
  static CommandLine full(Object root) {
    var cli = new CommandLine(root);
    if (root instanceof Group group) {
      for (Class<?> verb : group.verbs()) {
        cli.addSubcommand(full(instantiate(verb)));
      }
    }
    return cli;
  }

  /** The commands {@code args} walk through from {@code root}, and whole subtrees where they stop. */
  static CommandLine forArgs(Object root, String[] args) {
    return walk(root, args, 0);
  }

  private static CommandLine walk(Object command, String[] args, int at) {
    if (!(command instanceof Group group)) {
      return new CommandLine(command);
    }
    if (at >= args.length || args[at].startsWith("-")) {
      return full(command);
    }
    Class<?> verb = find(group, args[at]);
    if (verb == null) {
      return full(command);
    }
    var cli = new CommandLine(command);
    cli.addSubcommand(walk(instantiate(verb), args, at + 1));
    return cli;
  }

  /**
   * The verb class named {@code word}, or null. Reading a class's annotations is the costly part
   * of a start, and a verb's class name nearly always contains the verb ({@code deploy} is
   * AdminDeploy): those classes are asked first, the others only when none of them answers.
   */
  private static Class<?> find(Group group, String word) {
    String key = word.replace("-", "").toLowerCase(java.util.Locale.ROOT);
    for (boolean likely : new boolean[] {true, false}) {
      for (Class<?> verb : group.verbs()) {
        if (verb.getSimpleName().toLowerCase(java.util.Locale.ROOT).contains(key) != likely
            || verb == CommandLine.HelpCommand.class) {
          continue;
        }
        Command spec = verb.getAnnotation(Command.class);
        if (spec != null && names(spec).contains(word)) {
          return verb;
        }
      }
    }
    return null;
  }

  private static List<String> names(Command spec) {
    var all = new java.util.ArrayList<String>(List.of(spec.aliases()));
    all.add(spec.name());
    return all;
  }

  private static Object instantiate(Class<?> type) {
    try {
      var constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create command " + type.getName(), e);
    }
  }
}
