package dev.caisson.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

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

  /**
   * A command whose picocli model is built in code rather than read from its annotations. In a
   * fresh JVM the JDK's annotation parsing (and the proxies it builds) runs interpreted: the verbs
   * whose whole-process time is benchmarked (provision, admin deploy) and the groups above them
   * declare their model, which takes about 40 ms off each of their starts (docs/benchmarks.md).
   */
  public interface Declared {
    /** The command's model, bound to this instance. */
    CommandSpec spec();
  }

  private CommandTree() {}

  /** A command line for one command, declared or annotated. */
  static CommandLine of(Object command) {
    return command instanceof Declared d ? new CommandLine(d.spec()) : new CommandLine(command);
  }

  /** The whole tree under {@code root}. */
  static CommandLine full(Object root) {
    return withAllVerbs(of(root));
  }

  private static CommandLine withAllVerbs(CommandLine cli) {
    if (cli.getCommand() instanceof Group group) {
      for (Class<?> verb : group.verbs()) {
        cli.addSubcommand(full(instantiate(verb)));
      }
    }
    return cli;
  }

  /** The commands {@code args} walk through from {@code root}, and whole subtrees where they stop. */
  static CommandLine forArgs(Object root, String[] args) {
    return walk(of(root), args, 0);
  }

  private static CommandLine walk(CommandLine cli, String[] args, int at) {
    if (!(cli.getCommand() instanceof Group group)) {
      return cli;
    }
    if (at == args.length - 1 && (args[at].equals("--version") || args[at].equals("-V"))) {
      return cli; // prints the version and exits: no verb needed (building them all took 0.2 s)
    }
    if (at >= args.length || args[at].startsWith("-")) {
      return withAllVerbs(cli);
    }
    CommandLine verb = find(group, args[at]);
    if (verb == null) {
      return withAllVerbs(cli);
    }
    cli.addSubcommand(walk(verb, args, at + 1));
    return cli;
  }

  /**
   * The command line of the verb named {@code word}, or null. Reading a class's annotations is the
   * costly part of a start, and a verb's class name nearly always contains the verb ({@code deploy}
   * is AdminDeploy): those classes are asked first, the others only when none of them answers. A
   * declared verb's model is built once, and used for both its names and its command line.
   */
  private static CommandLine find(Group group, String word) {
    String key = word.replace("-", "").toLowerCase(java.util.Locale.ROOT);
    for (boolean likely : new boolean[] {true, false}) {
      for (Class<?> verb : group.verbs()) {
        if (verb.getSimpleName().toLowerCase(java.util.Locale.ROOT).contains(key) != likely
            || verb == CommandLine.HelpCommand.class) {
          continue;
        }
        if (Declared.class.isAssignableFrom(verb)) {
          CommandSpec spec = ((Declared) instantiate(verb)).spec();
          if (names(spec).contains(word)) {
            return new CommandLine(spec);
          }
        } else {
          Command annotation = verb.getAnnotation(Command.class);
          if (annotation != null && names(annotation).contains(word)) {
            return new CommandLine(instantiate(verb));
          }
        }
      }
    }
    return null;
  }

  private static List<String> names(CommandSpec spec) {
    return names(spec.name(), spec.aliases());
  }

  private static List<String> names(Command annotation) {
    return names(annotation.name(), annotation.aliases());
  }

  private static List<String> names(String name, String[] aliases) {
    var all = new java.util.ArrayList<String>(List.of(aliases));
    all.add(name);
    return all;
  }

  /** Every name of a verb class: its declared model's, or its annotation's. */
  static List<String> names(Class<?> verb) {
    if (Declared.class.isAssignableFrom(verb)) {
      return names(((Declared) instantiate(verb)).spec());
    }
    Command annotation = verb.getAnnotation(Command.class);
    return annotation == null ? List.of() : names(annotation);
  }

  static Object instantiate(Class<?> type) {
    try {
      var constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create command " + type.getName(), e);
    }
  }
}
