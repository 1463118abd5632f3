package dev.caisson.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KernelArgsTest {
  @Test
  void replaceSetsTheOnlyValueOrAppends() {
    KernelArgs k = KernelArgs.parse("root=LABEL=root quiet console=tty0");
    assertThat(k.replace("root=/dev/vda4").toString()).isEqualTo("root=/dev/vda4 quiet console=tty0");
    assertThat(k.replace("rw").toString()).isEqualTo("root=LABEL=root quiet console=tty0 rw");
  }

  @Test
  void appendRepeatsAndDeleteNeedsAValueWhenRepeated() {
    KernelArgs k = KernelArgs.parse("console=tty0").append("console=ttyS0,115200");
    assertThat(k.args()).containsExactly("console=tty0", "console=ttyS0,115200");
    assertThatThrownBy(() -> k.delete("console")).hasMessageContaining("2 values");
    assertThat(k.delete("console=tty0").toString()).isEqualTo("console=ttyS0,115200");
    assertThatThrownBy(() -> k.delete("nosuch")).hasMessageContaining("no kernel argument");
  }

  @Test
  void quotesKeepSpaces() {
    KernelArgs k = KernelArgs.parse(" a=\"x y\"  b ");
    assertThat(k.args()).containsExactly("a=\"x y\"", "b");
    assertThat(k.without("a").toString()).isEqualTo("b");
    assertThat(KernelArgs.parse("ostree=/ostree/boot.1/x/y/0 quiet").value("ostree")).isEqualTo("/ostree/boot.1/x/y/0");
  }

  @Test
  void originRoundTrip() {
    String text = "[origin]\nrefspec=caisson/test\n";
    assertThat(OriginFile.parse(text).render()).isEqualTo(text);
    assertThat(OriginFile.forRefspec("r:x").with("origin", "unlocked", "none").render())
        .isEqualTo("[origin]\nrefspec=r:x\nunlocked=none\n");
  }
}
