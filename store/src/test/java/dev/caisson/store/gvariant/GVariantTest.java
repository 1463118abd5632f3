package dev.caisson.store.gvariant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte layouts checked against ostree 2022.7 (shared/docs/FORMATS.md Part 2, 1.3 and 1.4). */
class GVariantTest {
  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  @Test
  void emptyDirtreeIsOneZeroByte() {
    assertThat(GVariant.serialize("(a(say)a(sayay))", List.of(List.of(), List.of()))).containsExactly(0);
  }

  @Test
  void fileHeaderOfARegularFile() {
    byte[] header = GVariant.serialize("(uuuusa(ayay))",
        List.of(0, 0, GVariant.be32(0100644), 0, "", List.of()));
    assertThat(hex(header)).isEqualTo("00000000" + "00000000" + "000081a4" + "00000000" + "00" + "11");
  }

  @Test
  void fileHeaderWithAnXattr() {
    byte[] name = "user.a\0".getBytes(StandardCharsets.UTF_8);
    byte[] header = GVariant.serialize("(uuuusa(ayay))",
        List.of(0, 0, GVariant.be32(0100644), 0, "", List.of(List.of(name, "1".getBytes(StandardCharsets.UTF_8)))));
    assertThat(header).hasSize(0x1c);
    assertThat(hex(header)).endsWith("00" + "757365722e6100" + "31" + "07" + "09" + "11");
  }

  @Test
  void roundTripsACommitShapedValue() {
    var metadata = new ArrayList<Object>();
    metadata.add(List.of("version", GVariant.Variant.of("s", "1.0")));
    metadata.add(List.of("ostree.ref-binding", GVariant.Variant.of("as", List.of("a/b"))));
    metadata.add(List.of("ostree.bootable", GVariant.Variant.of("b", true)));
    Object commit = List.of(metadata, new byte[0], List.of(), "subject", "body", GVariant.be64(1234L),
        new byte[32], new byte[32]);
    byte[] bytes = GVariant.serialize("(a{sv}aya(say)sstayay)", commit);
    @SuppressWarnings("unchecked")
    List<Object> back = (List<Object>) GVariant.parse("(a{sv}aya(say)sstayay)", bytes);
    assertThat(back.get(3)).isEqualTo("subject");
    assertThat(GVariant.be64((Long) back.get(5))).isEqualTo(1234L);
    assertThat(GVariant.serialize("(a{sv}aya(say)sstayay)", back)).isEqualTo(bytes);
  }

  @Test
  void offsetsWidenWithTheContainer() {
    var names = new ArrayList<Object>();
    for (int i = 0; i < 3000; i++) {
      names.add(List.of(String.format("file-%05d", i), new byte[32]));
    }
    byte[] tree = GVariant.serialize("(a(say)a(sayay))", List.of(names, List.of()));
    assertThat(tree.length).isGreaterThan(0xffff);
    @SuppressWarnings("unchecked")
    List<Object> back = (List<Object>) GVariant.parse("(a(say)a(sayay))", tree);
    assertThat((List<?>) back.get(0)).hasSize(3000);
    assertThat(GVariant.offsetSizeFor(250, 5)).isEqualTo(1);
    assertThat(GVariant.offsetSizeFor(251, 5)).isEqualTo(2);
  }

  @Test
  void malformedFramingIsRefused() {
    assertThatThrownBy(() -> GVariant.parse("(uuuusa(ayay))", new byte[] {1, 2, 3})).isInstanceOf(GVariantException.class);
    assertThatThrownBy(() -> GVariant.parse("s", new byte[] {'a'})).isInstanceOf(GVariantException.class);
  }
}
