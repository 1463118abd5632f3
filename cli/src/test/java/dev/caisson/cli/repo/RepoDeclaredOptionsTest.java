package dev.caisson.cli.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `repo`, `repo commit`, `repo checkout` and `repo pull` are declared in code: options, defaults and the inherited --repo reach their fields. */
class RepoDeclaredOptionsTest {
  private final RepoCommand repo = new RepoCommand();
  private final RepoCommit commit = new RepoCommit();
  private final RepoCheckout checkout = new RepoCheckout();
  private final RepoPull pull = new RepoPull();

  private void parse(String... args) {
    var cli = new CommandLine(repo.spec());
    cli.addSubcommand(new CommandLine(commit.spec()));
    cli.addSubcommand(new CommandLine(checkout.spec()));
    cli.addSubcommand(new CommandLine(pull.spec()));
    cli.addSubcommand(new CommandLine(new RepoLog()));
    cli.parseArgs(args);
  }

  @Test
  void commitOptions() {
    parse("commit", "--repo=/r", "-b", "os", "-s", "subject", "--body=text", "--tree=dir=/t", "--parent", "abc",
        "--timestamp=2024-01-01T00:00:00Z", "--add-metadata-string", "a=1", "--add-metadata-string=b=2",
        "--add-metadata", "c=true", "--owner-uid", "0", "--owner-gid=5", "--no-bindings", "--canonical-permissions",
        "--bootable", "--generate-sizes", "--fsync=false", "--link-checkout-speedup", "--tar-autocreate-parents",
        "--debug");
    assertThat(repo.repo).isEqualTo(Path.of("/r"));
    assertThat(commit.branch).isEqualTo("os");
    assertThat(commit.subject).isEqualTo("subject");
    assertThat(commit.body).isEqualTo("text");
    assertThat(commit.tree).isEqualTo("dir=/t");
    assertThat(commit.parentCommit).isEqualTo("abc");
    assertThat(commit.timestamp).isEqualTo("2024-01-01T00:00:00Z");
    assertThat(commit.strings).containsExactly("a=1", "b=2");
    assertThat(commit.variants).containsExactly("c=true");
    assertThat(commit.ownerUid).isZero();
    assertThat(commit.ownerGid).isEqualTo(5);
    assertThat(commit.noBindings).isTrue();
    assertThat(commit.canonical).isTrue();
    assertThat(commit.bootable).isTrue();
    assertThat(commit.generateSizes).isTrue();
    assertThat(commit.fsync).isFalse();
    assertThat(commit.linkCheckoutSpeedup).isTrue();
    assertThat(commit.tarAutocreateParents).isTrue();
    assertThat(commit.debug.enabled()).isTrue();
  }

  @Test
  void commitDefaultsAndRequiredOptions() {
    parse("--repo", "/r", "commit", "--tree", "ref=main");
    assertThat(repo.repo).isEqualTo(Path.of("/r"));
    assertThat(commit.branch).isNull();
    assertThat(commit.subject).isEmpty();
    assertThat(commit.body).isEmpty();
    assertThat(commit.strings).isEmpty();
    assertThat(commit.ownerUid).isNull();
    assertThat(commit.noBindings).isFalse();
    assertThat(commit.fsync).isTrue();
    assertThat(commit.debug.enabled()).isFalse();
    assertThatThrownBy(() -> parse("commit", "--repo=/r"))
        .isInstanceOf(CommandLine.MissingParameterException.class).hasMessageContaining("--tree");
    assertThatThrownBy(() -> parse("commit", "--tree=dir=/t"))
        .isInstanceOf(CommandLine.MissingParameterException.class).hasMessageContaining("--repo");
    assertThatThrownBy(() -> parse("commit", "--repo=/r", "--tree=dir=/t", "--bogus"))
        .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
  }

  @Test
  void checkoutOptionsAndPositionals() {
    parse("checkout", "--repo=/r", "-U", "-H", "--subpath=/usr", "--union", "main", "/dest");
    assertThat(checkout.userMode).isTrue();
    assertThat(checkout.requireHardlinks).isTrue();
    assertThat(checkout.forceCopy).isFalse();
    assertThat(checkout.union).isTrue();
    assertThat(checkout.unionAdd).isFalse();
    assertThat(checkout.subpath).isEqualTo("/usr");
    assertThat(checkout.commit).isEqualTo("main");
    assertThat(checkout.dest).isEqualTo(Path.of("/dest"));
    assertThat(checkout.spec.parent().userObject()).isSameAs(repo);
    assertThatThrownBy(() -> parse("checkout", "--repo=/r", "main"))
        .isInstanceOf(CommandLine.MissingParameterException.class).hasMessageContaining("DESTINATION");
  }

  @Test
  void pullOptionsDefaultsAndPositionals() {
    parse("pull", "--repo=/r", "origin", "os/stable");
    assertThat(pull.remote).isEqualTo("origin");
    assertThat(pull.ref).isEqualTo("os/stable");
    assertThat(pull.depth).isZero();
    assertThat(pull.mirror).isFalse();
    assertThat(pull.spec.parent().userObject()).isSameAs(repo);
    parse("pull", "--repo=/r", "--depth=-1", "--mirror", "--debug", "o", "main");
    assertThat(pull.depth).isEqualTo(-1);
    assertThat(pull.mirror).isTrue();
    assertThat(pull.debug.enabled()).isTrue();
    assertThatThrownBy(() -> parse("pull", "--repo=/r", "origin"))
        .isInstanceOf(CommandLine.MissingParameterException.class).hasMessageContaining("REF");
  }

  @Test
  void annotatedVerbsStillGetTheDeclaredParent() {
    var cli = new CommandLine(repo.spec());
    var log = new RepoLog();
    cli.addSubcommand(new CommandLine(log));
    cli.parseArgs("log", "--repo=/r", "main");
    assertThat(repo.repo).isEqualTo(Path.of("/r"));
    assertThat(log.parent).isSameAs(repo);
  }
}
