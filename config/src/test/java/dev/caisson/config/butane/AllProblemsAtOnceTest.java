package dev.caisson.config.butane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caisson.config.Problem;
import dev.caisson.config.SourceText;
import org.junit.jupiter.api.Test;

/** Butane stops at its first failing stage; we report problems of every stage in one run. */
class AllProblemsAtOnceTest {
  @Test
  void sourceAndGeneratedConfigProblemsTogether() {
    String bu = """
        variant: fcos
        version: 1.5.0
        storage:
          files:
            - path: /etc/a
              contents:
                inline: a
                source: https://example.com/a
            - path: etc/relative
              mode: 644
            - path: /etc/a
          directories:
            - path: /var/x
              contnets: y
        """;
    var r = new ButaneTranslator().translate(new SourceText("c.bu", bu), ButaneTranslator.Options.defaults());
    assertThat(r.config()).isEmpty();
    assertThat(r.report().problems()).extracting(Problem::message)
        .anyMatch(m -> m.contains("only one of the following can be set"))
        .anyMatch(m -> m.contains("path not absolute"))
        .anyMatch(m -> m.contains("duplicate entry"))
        .anyMatch(m -> m.contains("did you mean 0644?"))
        .anyMatch(m -> m.contains("did you mean `contents`?") || m.contains("Unused key contnets"));
    assertThat(r.report().problems()).allMatch(Problem::hasPosition);
    assertThat(r.report().problems()).filteredOn(p -> p.message().contains("path not absolute"))
        .extracting(Problem::line).containsExactly(9);
  }
}
