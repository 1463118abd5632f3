package dev.caisson.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandTreeTest {
  /**
   * Every verb, by each of its names, at every depth: the lazy tree reaches that verb's class, which
   * declares {@code addMethodSubcommands = false}.
   */
  @Test
  void everyVerbIsFoundByEveryName() throws Exception {
    List<String> checked = new ArrayList<>();
    walk(new Main(), new ArrayList<>(), checked);
    assertThat(checked).hasSizeGreaterThan(40).contains("admin deploy", "provision", "repo commit");
  }

  @Test
  void unknownWordsAndOptionsGetTheWholeGroup() {
    CommandLine cli = CommandTree.forArgs(new Main(), new String[] {"admin", "no-such-verb"});
    assertThat(cli.getSubcommands().get("admin").getSubcommands()).containsKeys("deploy", "status", "rollback");
    CommandLine help = CommandTree.forArgs(new Main(), new String[] {"--help"});
    assertThat(help.getSubcommands()).containsKeys("transpile", "provision", "repo", "admin");
  }

  @Test
  void aLoneVersionOptionBuildsNoVerb() {
    assertThat(CommandTree.forArgs(new Main(), new String[] {"--version"}).getSubcommands()).isEmpty();
    assertThat(CommandTree.forArgs(new Main(), new String[] {"-V"}).getSubcommands()).isEmpty();
    CommandLine repo = CommandTree.forArgs(new Main(), new String[] {"repo", "--version"});
    assertThat(repo.getSubcommands().get("repo").getSubcommands()).isEmpty();
    // anything after it still gets the group, for picocli's messages
    assertThat(CommandTree.forArgs(new Main(), new String[] {"--version", "x"}).getSubcommands()).containsKey("repo");
  }

  private void walk(Object group, List<String> path, List<String> checked) throws Exception {
    for (Class<?> verb : ((CommandTree.Group) group).verbs()) {
      if (verb == CommandLine.HelpCommand.class) {
        continue;
      }
      List<String> names = CommandTree.names(verb);
      assertThat(names).as("names of %s", verb).isNotEmpty();
      for (String name : names) {
        var args = new ArrayList<>(path);
        args.add(name);
        CommandLine at = CommandTree.forArgs(new Main(), args.toArray(String[]::new));
        for (String word : args) {
          at = at.getSubcommands().get(word);
          assertThat(at).as("path %s", args).isNotNull();
        }
        assertThat(at.getCommand().getClass()).as("path %s", args).isEqualTo(verb);
        // scanning every public method (Object's too) for @Command costs each start a few ms per verb
        assertThat(at.getCommandSpec().isAddMethodSubcommands()).as("addMethodSubcommands of %s", args).isFalse();
        checked.add(String.join(" ", args));
      }
      var ctor = verb.getDeclaredConstructor();
      ctor.setAccessible(true);
      Object instance = ctor.newInstance();
      if (instance instanceof CommandTree.Group) {
        var deeper = new ArrayList<>(path);
        deeper.add(names.get(names.size() - 1));
        walk(instance, deeper, checked);
      }
    }
  }
}
