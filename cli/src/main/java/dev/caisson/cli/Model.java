package dev.caisson.cli;

import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Builders for commands whose picocli model is declared in code ({@link CommandTree.Declared}):
 * each option is bound to its command's field through a setter, so the command reads plain fields
 * as an annotated one does.
 */
public final class Model {
  private Model() {}

  /** A command named {@code name}, with --help and --version, bound to {@code self}. */
  public static CommandSpec command(Object self, String name, String description) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(self);
    spec.name(name);
    // picocli's own mixinStandardHelpOptions builds these from an annotated class, reflection and
    // all, which is what declaring a command in code avoids
    spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
        .description("Show this help message and exit.").build());
    spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
        .description("Print version information and exit.").build());
    spec.setAddMethodSubcommands(false);
    spec.usageMessage().description(description);
    return spec;
  }

  /** An option taking one value of {@code type}, handed to {@code set}. */
  public static <T> OptionSpec.Builder option(String name, Class<T> type, Consumer<? super T> set) {
    return OptionSpec.builder(name).type(type).arity("1").setter(setter(set));
  }

  /** As {@link #option(String, Class, Consumer)}, for an option with several names ({@code -b}, {@code --branch}). */
  public static <T> OptionSpec.Builder option(Class<T> type, Consumer<? super T> set, String... names) {
    return OptionSpec.builder(names).type(type).arity("1").setter(setter(set));
  }

  /** As {@link #flag(String, Consumer)}, for a flag with several names. */
  public static OptionSpec.Builder flag(Consumer<Boolean> set, String... names) {
    return OptionSpec.builder(names).type(boolean.class).arity("0").setter(setter(set));
  }

  /** A flag (no value): {@code set} receives true when it is given, its default otherwise. */
  public static OptionSpec.Builder flag(String name, Consumer<Boolean> set) {
    return OptionSpec.builder(name).type(boolean.class).arity("0").setter(setter(set));
  }

  /** A repeatable option whose values are collected into {@code into}. */
  public static OptionSpec.Builder repeatable(String name, List<String> into) {
    return OptionSpec.builder(name).type(List.class).auxiliaryTypes(String.class).arity("1")
        .getter(getter(into)).setter(collector(into));
  }

  /**
   * A required positional parameter of {@code type} (an annotated {@code @Parameters} is required
   * through its arity; a built one is not unless told, and a missing one reached the command as null).
   */
  public static <T> PositionalParamSpec.Builder positional(String label, Class<T> type, Consumer<? super T> set) {
    return PositionalParamSpec.builder().paramLabel(label).type(type).arity("1").required(true).setter(setter(set));
  }

  private static <T> ISetter setter(Consumer<? super T> set) {
    return new ISetter() {
      @Override
      @SuppressWarnings("unchecked")
      public <V> V set(V value) {
        // picocli first resets each option to its initial value, null here: the field keeps its own
        if (value != null) {
          set.accept((T) value);
        }
        return null;
      }
    };
  }

  private static IGetter getter(List<String> list) {
    return new IGetter() {
      @Override
      @SuppressWarnings("unchecked")
      public <V> V get() {
        return (V) list;
      }
    };
  }

  private static ISetter collector(List<String> into) {
    return new ISetter() {
      @Override
      @SuppressWarnings("unchecked")
      public <V> V set(V value) {
        if (value != into) {
          into.clear();
          if (value != null) {
            into.addAll((List<String>) value);
          }
        }
        return null;
      }
    };
  }
}
