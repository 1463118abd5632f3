package dev.caisson.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KargsEditTest {
  @Test
  void ensureAndAbsentAreIdempotentLikeIgnitionsShouldExist() throws Exception {
    KargsEdit edit = KargsEdit.parse("# from provisioning\nensure quiet\nabsent rhgb\nappend console=ttyS0\n", "kargs");
    KernelArgs once = edit.apply(KernelArgs.parse("root=LABEL=root quiet rhgb"));
    assertThat(once.toString()).isEqualTo("root=LABEL=root quiet console=ttyS0");
    assertThat(KargsEdit.parse("ensure quiet\nabsent rhgb\n", "k").apply(once)).isEqualTo(once);
  }

  @Test
  void badLinesNameTheirPlace() {
    assertThatThrownBy(() -> KargsEdit.parse("ensure a\nfrobnicate b\n", "/etc/caisson/kargs.d/10.conf"))
        .hasMessageContaining("/etc/caisson/kargs.d/10.conf:2").hasMessageContaining("unknown verb 'frobnicate'");
    assertThatThrownBy(() -> KargsEdit.parse("append\n", "f")).hasMessageContaining("f:1");
  }
}
