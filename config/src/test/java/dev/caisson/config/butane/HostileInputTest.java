package dev.caisson.config.butane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.config.Problem;
import dev.caisson.config.SourceText;
import dev.caisson.config.ignition.IgnitionReader;
import dev.caisson.config.schema.ConfigSchema;
import org.junit.jupiter.api.Test;

/** Inputs built to hurt a parser end in one clean error, not an exception or an exhausted heap. */
class HostileInputTest {
  private static Problem onlyError(ButaneTranslator.Result r) {
    assertThat(r.config()).isEmpty();
    assertThat(r.report().hasErrors()).isTrue();
    return r.report().problems().stream().filter(p -> p.severity() == dev.caisson.config.Severity.ERROR)
        .findFirst().orElseThrow();
  }

  private static ButaneTranslator.Result butane(String text) {
    return new ButaneTranslator().translate(new SourceText("hostile.bu", text), ButaneTranslator.Options.defaults());
  }

  @Test
  void fiftyMegabytesAreRefusedBeforeParsing() {
    String big = "variant: fcos\nversion: 1.5.0\n" + "# padding padding padding padding padding padding\n".repeat(1_100_000);
    assertThat(big.length()).isGreaterThan(50_000_000);
    assertThat(onlyError(butane(big)).message()).contains("MiB").contains("limit");
  }

  @Test
  void deepFlowNestingFailsCleanly() {
    String deep = "variant: fcos\nversion: 1.5.0\nstorage: " + "[".repeat(200_000) + "]".repeat(200_000) + "\n";
    assertThat(onlyError(butane(deep)).message()).containsAnyOf("nested too deeply", "YAML");
  }

  @Test
  void deepBlockNestingFailsCleanly() {
    var sb = new StringBuilder("variant: fcos\nversion: 1.5.0\nx:\n");
    for (int i = 1; i < 20_000; i++) {
      sb.append(" ".repeat(i)).append("- \n");
    }
    var r = butane(sb.toString());
    assertThat(r.report().problems()).isNotEmpty();
  }

  @Test
  void aliasBombIsRefused() {
    var sb = new StringBuilder("variant: fcos\nversion: 1.5.0\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 30; i++) {
      sb.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        sb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      sb.append("]\n");
    }
    assertThat(onlyError(butane(sb.toString())).message()).containsIgnoringCase("alias");
  }

  @Test
  void deepJsonFailsCleanly() {
    String json = "{\"ignition\":{\"version\":\"3.4.0\"},\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    var r = new IgnitionReader(new ConfigSchema()).read(new SourceText("hostile.ign", json));
    assertThat(r.config()).isEmpty();
    assertThat(r.report().problems().get(0).message()).contains("invalid JSON");
  }
}
